// The roster's vocabulary is part of Scheduling's interface: whoever schedules reads rosters.
@_exported import Workforce

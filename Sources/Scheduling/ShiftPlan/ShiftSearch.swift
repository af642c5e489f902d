import RotaCore

extension ShiftPlanner {
  /// The search of ``plan(_:options:)`` on its built model, `clock` being when planning began:
  /// the LP bound, relax-and-fix (or LP rounding) for a first plan, fix-and-optimise,
  /// branch-and-cut for the bound, and the breaks placed last.
  static func search(
    _ built: ShiftModel, problem: SchedulingProblem, options: SolverOptions,
    since clock: ContinuousClock.Instant
  ) throws(MIPModelError) -> ShiftPlan {
    var options = options
    let model = built.model
    let shiftColumns = built.shiftColumns
    let tourColumns = built.tourColumns
    let dayOfColumn = built.dayOfColumn
    let hard = problem.rules.coverageIsHard
    let hours = Double(problem.grid.intervalMinutes) / 60
    // Shift counts first, break starts after (see ``placeBreaks``): the search runs on a model
    // whose break columns are continuous, a relaxation, so its bound holds for the real one.
    // With hard coverage a rounded break could leave an interval short, so breaks stay whole.
    let breakColumns = Set(shiftColumns.flatMap { $0.breaks.flatMap { $0.map(\.column) } })
    var counting = model
    if !hard {
      for column in breakColumns { counting.setKind(of: column, to: .continuous) }
    }
    let columns = PlanColumns(
      shifts: shiftColumns, tours: tourColumns, routes: built.routes, backlogs: built.backlogs,
      coverRows: built.coverRows, wholeBreaks: hard, shareRow: built.shareRow)
    let integerColumns = dayOfColumn.keys.filter { hard || !breakColumns.contains($0) }.sorted()
    let nodeBudget = options.nodeLimit ?? 400
    var stages: [(name: String, objective: Double, seconds: Double)] = []
    func stage(_ name: String, _ values: [Double]?) {
      if let values {
        stages.append((name, counting.objective(of: values), (ContinuousClock.now - clock).seconds))
      }
    }
    // The LP relaxation: a bound however little time the search gets, and the start of its
    // rounding.
    var relaxed = counting
    relaxed.relaxIntegrality()
    let root = try MIPSolver.solve(
      relaxed, options: SolverOptions(timeLimit: max(0.5, options.timeLimit / 2)))
    var rootBound = root.status == .optimal ? root.objective : nil
    stage("LP bound", root.status == .optimal ? root.values : nil)
    if var allowed = built.boundModel {
      for column in breakColumns where !hard { allowed.setKind(of: column, to: .continuous) }
      allowed.relaxIntegrality()
      let loose = try MIPSolver.solve(
        allowed, options: SolverOptions(timeLimit: max(0.5, options.timeLimit / 4)))
      rootBound = loose.status == .optimal ? loose.objective : nil
    }
    if options.startingSolution == nil {
      // Relax-and-fix may take 40% of the time.
      var stageOptions = options
      stageOptions.timeLimit = max(0.1, options.timeLimit * 0.4 - (ContinuousClock.now - clock).seconds)
      options.startingSolution = try incumbent(
        counting, columns: integerColumns, days: integerColumns.map { dayOfColumn[$0]! }, plan: columns,
        lp: root.status == .optimal ? root.values : nil, options: stageOptions)
      stage("relax-and-fix", options.startingSolution)
      // Fix-and-optimise, two rounds in at most half of what time is left: per day and
      // channel with the tours as relax-and-fix left them (small windows that settle within
      // their node budget), then per day and per channel's week with the tours free, as tours
      // routed per group bind the shifts harder (default scenario: 26399 with the first
      // windows alone, 26280 with all; email all within 4 h: 26838 and 26402).
      if let start = options.startingSolution {
        let channelOf = Dictionary(
          shiftColumns.map { ($0.column, $0.shift.channel) }, uniquingKeysWith: { a, _ in a })
        let tourWindow = tourColumns.map(\.column)
        var windows =
          problem.dates.flatMap { date in
            problem.channels.map { channel in
              integerColumns.filter { dayOfColumn[$0] == date && channelOf[$0] == channel.name }
            }
          }
          + problem.dates.map { date in integerColumns.filter { dayOfColumn[$0] == date } + tourWindow }
          + problem.channels.map { channel in
            integerColumns.filter { channelOf[$0] == channel.name } + tourWindow
          }
        // Whole weeks bind a start's shifts across the days: windows of the starts in 4, 6 and
        // 8 hours of the day, every day's shifts with the tours of those starts.
        let wholeTours = tourColumns.filter { $0.tour.leastDays > 0 }
        var tourWindows: [[Int]] = []
        if !wholeTours.isEmpty {
          let startOf = Dictionary(
            shiftColumns.map { ($0.column, $0.shift.start) }, uniquingKeysWith: { a, _ in a })
          for hours in [4, 6, 8] {
            for from in stride(from: 0, to: 1440, by: hours * 30) {
              let within = from..<(from + hours * 60)
              let window =
                integerColumns.filter { startOf[$0].map(within.contains) ?? false }
                + wholeTours.filter { within.contains($0.tour.band.lowerBound) }.map(\.column)
              if !window.isEmpty { tourWindows.append(window) }
            }
          }
        }
        // Tour windows first, as they gain most; a window of every column is the whole model,
        // which branch-and-cut takes up next anyway.
        windows = (tourWindows + windows).filter { $0.count < integerColumns.count + tourWindow.count }
        let breaksOf = Dictionary(
          shiftColumns.map { ($0.column, hard ? [] : $0.breaks.flatMap { $0.map(\.column) }) },
          uniquingKeysWith: { a, _ in a })
        let left = options.timeLimit - (ContinuousClock.now - clock).seconds
        options.startingSolution = FixAndOptimize.improve(
          counting, start: start, windows: windows, companions: breaksOf, nodeLimit: max(1, nodeBudget / 4),
          rounds: 2, deadline: ContinuousClock.now + .seconds(max(0, left) / 2),
          verbose: options.verbose)
        stage("fix-and-optimise", options.startingSolution)
      }
      options.timeLimit = max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds)
      // With this incumbent branch-and-cut is there for the bound, which hardly moves past
      // the root's cuts (default scenario: 25963.3 after 10 nodes, 25964.0 after 100, for 3 s).
      options.nodeLimit = options.nodeLimit.map { max(1, $0 / 16) }
    }
    // Branch-and-cut gets at most three quarters of what is left: placing breaks needs the rest.
    let searchStart = ContinuousClock.now
    var searchOptions = options
    searchOptions.timeLimit = max(0.1, options.timeLimit * (hard ? 1 : 0.75))
    var solution = try MIPSolver.solve(counting, options: searchOptions)
    // Branch-and-cut bounds only its model, which narrowed tours make a restriction.
    if built.boundModel != nil {
      solution.bound = rootBound
    } else if let rootBound {
      solution.bound = max(solution.bound ?? rootBound, rootBound)
    }
    stage("branch-and-cut", solution.status.hasSolution ? solution.values : nil)
    if !hard, solution.status.hasSolution {
      let left = options.timeLimit - (ContinuousClock.now - searchStart).seconds
      solution = placeBreaks(
        model, counted: solution, plan: columns,
        byDay: problem.dates.map { date in breakColumns.filter { dayOfColumn[$0] == date }.sorted() },
        relativeGap: options.relativeGap,
        nodeLimit: max(1, nodeBudget / 4), deadline: ContinuousClock.now + .seconds(max(0.1, left)),
        verbose: options.verbose)
      stage("breaks placed", solution.values)
    }
    // Report the whole search, the incumbent phase included.
    solution.seconds = (ContinuousClock.now - clock).seconds
    var counts: [Shift: Int] = [:]
    var shortfall: [String: Double] = [:]
    if solution.status.hasSolution {
      for entry in shiftColumns {
        for shift in entry.placed(solution.values) { counts[shift, default: 0] += 1 }
      }
      for entry in built.shortfallColumns {
        shortfall[entry.channel, default: 0] += solution.values[entry.column] * hours
      }
    }
    let shifts = counts.map { (shift: $0.key, count: $0.value) }.sorted { $0.shift < $1.shift }
    var plan = ShiftPlan(shifts: shifts, solution: solution, shortfallHours: shortfall)
    plan.stages = stages
    if solution.status.hasSolution {
      plan.tours = tourColumns.compactMap { entry in
        var tour = entry.tour
        tour.count = Int(solution.values[entry.column].rounded())
        return tour.count > 0 ? tour : nil
      }
    }
    return plan
  }
}

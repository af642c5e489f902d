// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "Rota",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "rota", targets: ["rota"]),
    .library(name: "RotaKit", targets: ["RotaKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CGLPK",
      providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
    ),
    .systemLibrary(
      name: "CSQLite",
      providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
    ),
    .target(name: "RotaCore"),
    .target(name: "Forecasting", dependencies: ["RotaCore"]),
    .target(name: "Staffing", dependencies: ["RotaCore"]),
    // The roster's vocabulary (shifts, contracts, employees, rules, pay, rosters), for every
    // module that reads or scores a roster without solving anything.
    .target(name: "Workforce", dependencies: ["RotaCore"]),
    .target(name: "Scheduling", dependencies: ["RotaCore", "Workforce", "CGLPK"]),
    .target(name: "Scoring", dependencies: ["RotaCore", "Staffing", "Workforce"]),
    .target(name: "Store", dependencies: ["RotaCore", "CSQLite"]),
    .target(
      name: "RotaKit",
      dependencies: [
        "RotaCore", "Forecasting", "Staffing", "Scheduling", "Scoring", "Store",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .executableTarget(
      name: "rota",
      dependencies: [
        "RotaKit", "Scheduling", "Scoring", "Store",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Public rostering instances (roster-bench) as Rota scenarios, for the benchmark alone.
    .target(name: "RosterBench", dependencies: ["RotaCore"], path: "Benchmarks/RosterBench"),
    .executableTarget(
      name: "rota-bench",
      dependencies: [
        "RotaCore", "Staffing", "Forecasting", "Scheduling", "Scoring", "RotaKit", "RosterBench",
      ],
      path: "Benchmarks/rota-bench"),
    .testTarget(name: "RotaCoreTests", dependencies: ["RotaCore"]),
    .testTarget(name: "ForecastingTests", dependencies: ["Forecasting"], exclude: ["Fixtures"]),
    .testTarget(name: "StaffingTests", dependencies: ["Staffing"], exclude: ["Fixtures"]),
    .testTarget(name: "SchedulingTests", dependencies: ["Scheduling"]),
    .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Workforce"]),
    .testTarget(name: "StoreTests", dependencies: ["Store"]),
    .testTarget(name: "RotaKitTests", dependencies: ["RotaKit", "Scheduling", "Forecasting", "Store"]),
    .testTarget(name: "RotaCLITests", dependencies: ["rota", "RotaKit", "Store", "RosterBench"]),
  ],
  swiftLanguageModes: [.v6]
)

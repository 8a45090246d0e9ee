import ArgumentParser

/// `carnet bench ...`: measurements of the parts whose speed matters, on a scratch database.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Carnet's throughput on a scratch database.",
        discussion: "Build in release mode first (make bench builds into .build-release); debug builds are several times slower.",
        subcommands: [JobsBench.self, TodayBench.self, ScanBench.self, PluginsBench.self, SegmentsBench.self]
    )
}

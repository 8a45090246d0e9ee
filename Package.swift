// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The release server links with lld, exports none of its symbols (nothing loads them) and
/// packs its relative relocations (DT_RELR, glibc ≥ 2.36): at start the loader then reads
/// and patches a few kilobytes instead of megabytes, which keeps ~7 MB of the binary out of
/// the idle server's memory (BENCHMARKS.md, "Release link").
let serverLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
        .when(platforms: [.linux], configuration: .release)
    ),
]

let package = Package(
    name: "carnet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carnet", targets: ["carnet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "CarnetCore",
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .target(
            name: "CLuaShim",
            dependencies: ["CLua"]
        ),
        .target(
            name: "CarnetScripting",
            dependencies: [
                "CarnetCore", "CarnetStore", "CLua", "CLuaShim",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "carnet-lua-bench",
            dependencies: ["CarnetScripting", "CLua", "CLuaShim"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetStore",
            dependencies: [
                "CarnetCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetFollowUps",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetMail"],
            path: "Sources/Modules/FollowUps",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetTickets",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetMail"],
            path: "Sources/Modules/Tickets",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetCapture",
            dependencies: ["CarnetCore", "CarnetStore"],
            path: "Sources/Modules/Capture",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetReports",
            dependencies: ["CarnetCore", "CarnetStore"],
            path: "Sources/Modules/Reports",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetSegments",
            dependencies: [
                "CarnetCore", "CarnetStore", "CarnetMail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Modules/Segments",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetNurturing",
            dependencies: [
                "CarnetCore", "CarnetStore", "CarnetMail", "CarnetSegments", "CarnetFollowUps",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Modules/Nurturing",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetLeadScoring",
            dependencies: ["CarnetCore", "CarnetStore"],
            path: "Sources/Modules/LeadScoring",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetHTTP",
            dependencies: [
                "CarnetCore",
                "CarnetStore",
                "CarnetFollowUps",
                "CarnetTickets",
                "CarnetCapture",
                "CarnetReports",
                "CarnetSegments",
                "CarnetLeadScoring",
                "CarnetNurturing",
                "CarnetMail",
                "CarnetScripting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "carnet",
            dependencies: [
                "CarnetCore",
                "CarnetStore",
                "CarnetHTTP",
                "CarnetFollowUps",
                "CarnetTickets",
                "CarnetCapture",
                "CarnetReports",
                "CarnetSegments",
                "CarnetLeadScoring",
                "CarnetNurturing",
                "CarnetScripting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: serverLinkerSettings
        ),
        .target(
            name: "CarnetTestSupport",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetMail", .product(name: "Logging", package: "swift-log")],
            path: "Tests/CarnetTestSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CarnetMail",
            dependencies: [
                "CarnetCore",
                "CarnetStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetMailTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetMail", "CarnetTestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetScriptingTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetScripting", "CarnetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetCoreTests",
            dependencies: ["CarnetCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetStoreTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetFollowUpsTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetFollowUps", "CarnetMail", "CarnetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetTicketsTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetTickets", "CarnetMail", "CarnetTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetSegmentsTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetSegments", "CarnetMail", "CarnetTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetCaptureTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetCapture", "CarnetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetReportsTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetReports", "CarnetFollowUps", "CarnetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetLeadScoringTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetLeadScoring", "CarnetTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetNurturingTests",
            dependencies: [
                "CarnetCore", "CarnetStore", "CarnetNurturing", "CarnetSegments", "CarnetFollowUps", "CarnetMail", "CarnetTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "carnetTests",
            dependencies: ["CarnetCore", "CarnetStore", "CarnetTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CarnetHTTPTests",
            dependencies: [
                "CarnetCore",
                "CarnetStore",
                "CarnetHTTP",
                "CarnetFollowUps",
                "CarnetTickets",
                "CarnetCapture",
                "CarnetReports",
                "CarnetSegments",
                "CarnetLeadScoring",
                "CarnetNurturing",
                "CarnetMail",
                "CarnetTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

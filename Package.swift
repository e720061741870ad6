// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pcmt",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pcmt", targets: ["pcmt"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(name: "PCMTDomain"),
        .target(
            name: "PCMTSeedData",
            dependencies: ["PCMTDomain"],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "PCMTStore",
            dependencies: [
                "PCMTDomain",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PCMTReports",
            dependencies: ["PCMTDomain", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(
            name: "PCMTMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "PCMTWeb",
            dependencies: [
                "PCMTDomain",
                "PCMTMail",
                "PCMTStore",
                "PCMTReports",
                "PCMTSeedData",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Public"), .copy("OpenAPI")]
        ),
        .executableTarget(
            name: "pcmt",
            dependencies: ["PCMTWeb", .product(name: "Vapor", package: "vapor")]
        ),
        .target(
            name: "PCMTTestSupport",
            dependencies: [
                "PCMTStore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            path: "Tests/PCMTTestSupport"
        ),
        .executableTarget(
            name: "pcmt-bench",
            dependencies: [
                "PCMTDomain", "PCMTStore", "PCMTSeedData", "PCMTReports",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ],
            path: "bench/Sources/pcmt-bench"
        ),
        .testTarget(
            name: "PCMTDomainTests",
            dependencies: ["PCMTDomain", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "PCMTReportsTests",
            dependencies: ["PCMTReports", "PCMTDomain", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "PCMTSeedDataTests",
            dependencies: ["PCMTSeedData", "PCMTDomain"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PCMTStoreTests",
            dependencies: [
                "PCMTStore", "PCMTSeedData", "PCMTDomain", "PCMTTestSupport",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        .testTarget(
            name: "PCMTWebTests",
            dependencies: [
                "PCMTWeb", "PCMTStore", "PCMTDomain", "PCMTReports", "PCMTMail", "PCMTTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Fluent", package: "fluent"),
            ],
            exclude: ["Snapshots", "ViewSnapshots/Snapshots"]
        ),
    ]
)

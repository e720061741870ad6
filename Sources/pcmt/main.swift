import Foundation
import PCMTWeb
import Vapor

// `serve --demo` is pcmt's own flag: taken out before Vapor reads the command line.
var arguments = CommandLine.arguments
let demo = arguments.contains("--demo")
arguments.removeAll { $0 == "--demo" }
// Commands print what matters (a one-time password, a token); their logs stay quiet unless asked for.
if arguments.count > 1, !["serve", "--help", "-h"].contains(arguments[1]), !arguments.contains("--log"),
    ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil
{
    arguments += ["--log", "warning"]
}
var environment = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    var configuration = try PCMTConfiguration.fromEnvironment()
    configuration.demo = demo
    // Only the server sends notices' e-mails and reminders in the background; `pcmt notices` does it once.
    if arguments.count > 1, arguments[1] != "serve" { configuration.noticeLoop = nil }
    // Asking for help must not create or migrate a database.
    configuration.commandsOnly = arguments.contains("--help") || arguments.contains("-h")
    try await configure(app, configuration)
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    app.logger.critical("pcmt cannot go on: \(error)")
    try? await app.asyncShutdown()
    exit(1)
}

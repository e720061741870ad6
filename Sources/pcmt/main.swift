import Foundation
import PCMTWeb
import Vapor

var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    try await configure(app, try PCMTConfiguration.fromEnvironment())
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    app.logger.critical("pcmt cannot go on: \(error)")
    try? await app.asyncShutdown()
    exit(1)
}

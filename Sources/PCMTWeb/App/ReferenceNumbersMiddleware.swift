import PCMTStore
import Vapor

/// Each request reads the numbers of the store's cache once (``ReferenceCache/readingNumbersOnce(_:)``): the unit
/// tree, the plan, whether it has rounds and the board it shows are then served from memory as they were when the
/// request began, with one read of the row instead of one per lookup.
struct ReferenceNumbersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await ReferenceCache.readingNumbersOnce { try await next.respond(to: request) }
    }
}

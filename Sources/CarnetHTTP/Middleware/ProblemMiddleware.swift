import Hummingbird
import Logging

/// Turns every error thrown below it into a problem+json response, logging unexpected ones.
/// A path the API document knows, asked with a method it does not list, is a 405 naming the
/// methods to use (in `Allow` too) rather than the router's 404.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = AllowedMethods.api.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { return Problem(error).response }
            let list = allowed.joined(separator: ", ")
            var response = Problem(status: 405, kind: "method-not-allowed", title: "Method not allowed",
                                   detail: "\(request.method) is not allowed on \(request.uri.path); use \(list).").response
            response.headers[.allow] = list
            return response
        } catch {
            let problem = Problem(error)
            if problem.status >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            return problem.response
        }
    }
}

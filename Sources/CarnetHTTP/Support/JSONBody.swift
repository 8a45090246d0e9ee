import CarnetCore
import Foundation
import Hummingbird
import NIOCore

/// Reading JSON bodies and writing JSON responses, with the API's limits and error shapes.
enum JSONBody {
    /// Decodes a body of at most `limit` bytes, turning decoding failures into problems
    /// that name the field: syntax errors are 400, wrong or missing fields 422.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer = try await request.body.collect(upTo: limit)
        guard buffer.readableBytes > 0 else {
            throw CarnetError.malformed(detail: "The request needs a JSON body.", field: nil)
        }
        let data = Data(buffer: buffer)
        do {
            return try CarnetJSON.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CarnetError(decoding: error, body: data)
        }
    }

    /// A JSON response.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try response(data: CarnetJSON.encoder.encode(value), status: status, headers: headers)
    }

    static func response(data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// The version a write expects: `If-Match: 3` or `If-Match: "3"`; nil when absent.
    func expectedVersion() throws -> Int? {
        try IfMatch.version(headers[.ifMatch])
    }

    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }
}

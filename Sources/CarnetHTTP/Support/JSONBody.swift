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
            throw problem(error, body: data)
        }
    }

    static func problem(_ error: DecodingError, body: Data) -> CarnetError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { name, key in
                if let index = key.intValue { return "\(name)[\(index)]" }
                return name.isEmpty ? key.stringValue : "\(name).\(key.stringValue)"
            }
        }
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty, .valueNotFound(_, let context) where context.codingPath.isEmpty:
            return .malformed(detail: "The body must be a JSON object.", field: nil)
        case .typeMismatch(let type, let context):
            return .validation([FieldError(path(context.codingPath), "must be \(describe(type))")])
        case .valueNotFound(let type, let context):
            return .validation([FieldError(path(context.codingPath), "must be \(describe(type)), not null")])
        case .keyNotFound(let key, let context):
            return .validation([FieldError(path(context.codingPath + [key]), "is required")])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return unreadable(body)
            }
            return .validation([FieldError(path(context.codingPath), context.debugDescription)])
        @unknown default:
            return .malformed(detail: "The body could not be read.", field: nil)
        }
    }

    /// Foundation reports a number that does not fit its field (`1.5` or `1e30` where a whole
    /// number is expected) like a syntax error, without a path. When the body is valid JSON,
    /// name the top-level fields holding such numbers instead of calling it malformed.
    private static func unreadable(_ body: Data) -> CarnetError {
        guard let object = try? CarnetJSON.decoder.decode(JSONValue.self, from: body) else {
            return .malformed(detail: "The body is not valid JSON.", field: nil)
        }
        guard case .object(let members) = object else {
            return .malformed(detail: "The body must be a JSON object.", field: nil)
        }
        let fields = members.keys.sorted().filter { key in
            guard key != "custom_fields", case .number(let value) = members[key] else { return false }
            return value.rounded() != value || abs(value) >= 9.2e18
        }
        guard !fields.isEmpty else {
            return .malformed(detail: "A value in the body does not fit its field.", field: nil)
        }
        return .validation(fields.map { FieldError($0, "must be a whole number") })
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Int.Type, is Int64.Type, is Int?.Type, is Int64?.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type, is Bool?.Type: "true or false"
        case is [String].Type: "a list of strings"
        default: "of type \(type)"
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
        guard let header = headers[.ifMatch] else { return nil }
        let digits = header.trimmingCharacters(in: CharacterSet(charactersIn: "W/\" "))
        guard let version = Int(digits) else {
            throw CarnetError.malformed(detail: "If-Match must be the row's version number, e.g. If-Match: 3.", field: "If-Match")
        }
        return version
    }

    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }
}

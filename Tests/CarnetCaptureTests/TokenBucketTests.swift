import CarnetCore
import Foundation
import Testing

@Suite("Token bucket")
struct TokenBucketTests {
    @Test("a burst of the capacity, then one token every 60/rate seconds")
    func refill() {
        let start = Date(timeIntervalSince1970: 1_000)
        var bucket = TokenBucket(capacity: 3, perMinute: 3, at: start)
        #expect(bucket.take(at: start) == nil)
        #expect(bucket.take(at: start) == nil)
        #expect(bucket.take(at: start) == nil)
        #expect(bucket.take(at: start) == 20)
        #expect(bucket.take(at: start.addingTimeInterval(15)) == 5)
        #expect(bucket.take(at: start.addingTimeInterval(20)) == nil)
        #expect(bucket.take(at: start.addingTimeInterval(20)) == 20)
        #expect(!bucket.isFull(at: start.addingTimeInterval(60)))
        #expect(bucket.isFull(at: start.addingTimeInterval(80)))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An upper bound on the work of Lua's pattern matcher for one call of `string.find`,
/// `match`, `gmatch` or `gsub`, checked before the call.
///
/// The matcher runs in C, where the budget hook cannot stop it, and it backtracks:
/// `("a"):rep(40):find(("a*"):rep(20) .. "b")` would run for hours, and even `.-b` over
/// a megabyte of `a` takes minutes. The bound follows lstrlib.c: each start position
/// (one when anchored with `^`, about two per byte for gsub and gmatch) explores at most
/// Π(1 + r) paths, where r is the longest run of subject bytes that a quantified item
/// (`*`, `+`, `-`) can match, times 2 per `?`; each path visits every item once, and
/// `%b` and back-references may scan the whole subject. Runs are first taken as the
/// whole subject, then measured by scanning it only when that crude bound is too high,
/// so an innocent `^%s*(.-)%s*$` passes on any subject.
enum PatternCost {
    struct Call {
        /// find, match, gmatch or gsub.
        var function: String
        /// The subject from the call's start position.
        var subject: UnsafeRawBufferPointer
        var pattern: UnsafeRawBufferPointer
        /// find's fourth argument.
        var plain: Bool
    }

    enum Verdict: Equatable {
        case affordable
        case tooExpensive(steps: Double)
    }

    /// Steps of this bound per nanosecond of CPU. Measured on Lua 5.4.4 (Debian, x86-64):
    /// `.-b` over 3,000 bytes, where the bound is tightest, takes 1.6 ns per step;
    /// several quantifiers take 0.4 ns or less. Half a step per nanosecond keeps a margin.
    static let stepsPerNanosecond = 0.5

    static func steps(inNanoseconds nanoseconds: Int64) -> Double {
        nanoseconds == .max ? .infinity : Double(nanoseconds) * stepsPerNanosecond
    }

    /// The 0-based offset where a call with Lua's `init` starts (lstrlib's posrelatI - 1).
    static func startOffset(initial: Int64, length: Int) -> Int {
        if initial > 0 { return Int(clamping: initial - 1) }
        if initial == 0 || initial < -Int64(length) { return 0 }
        return length + Int(initial)
    }

    static func check(_ call: Call, stepLimit: Double) -> Verdict {
        let subjectLength = Double(call.subject.count)
        let pattern = call.pattern
        if call.function == "find", call.plain || !pattern.contains(where: specials.contains) {
            // lmemfind: memchr, then memcmp at each candidate (about 8 bytes per step).
            let length = Double(pattern.count)
            let steps = max(subjectLength - length + 1, 1) * max(length / 8, 1)
            return steps > stepLimit ? .tooExpensive(steps: steps) : .affordable
        }
        guard let shape = Shape(pattern, anchorable: call.function != "gmatch") else {
            return .affordable  // malformed: Lua raises its own error before matching
        }
        let starts = shape.anchored ? 1 : (call.function == "find" || call.function == "match" ? 1 : 2) * (subjectLength + 1)
        let perPath = max(1, Double(shape.items) + Double(shape.scans) * (subjectLength + 1))
        func bound(_ runs: [Double]) -> Double {
            starts * runs.reduce(1) { $0 * (1 + $1) } * pow(2, Double(shape.optionals)) * perPath
        }
        var runs = Array(repeating: subjectLength, count: shape.quantified.count)
        var steps = bound(runs)
        if steps <= stepLimit { return .affordable }

        var classes: [[UInt8]: [Int]] = [:]
        for (index, range) in shape.quantified.enumerated() {
            classes[Array(pattern[range]), default: []].append(index)
        }
        let floor = bound(Array(repeating: 0, count: runs.count))
        var scanned = 0.0
        let byWeight = classes.sorted {
            $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key.lexicographicallyPrecedes($1.key)
        }
        for (spec, indices) in byWeight {
            scanned += subjectLength
            if scanned > stepLimit { break }
            // The longest run this class may have even if every other run were 0.
            let allowed = pow(stepLimit / floor, 1 / Double(indices.count)) - 1
            let run = Double(longestRun(of: spec, in: call.subject, stoppingAbove: allowed))
            for index in indices { runs[index] = run }
            steps = bound(runs)
            if run > allowed { break }
            if steps <= stepLimit { return .affordable }
        }
        return .tooExpensive(steps: steps)
    }

    /// Calls whose bound is at most this many steps (0.2 ms) are allowed whatever the run's
    /// remaining budget: the sandbox remembers, per pattern, the longest subject that keeps
    /// a call under it, and skips the check for shorter ones.
    static let alwaysAffordableSteps = 100_000.0

    /// The longest subject on which any call of `function` with `pattern` stays within
    /// ``alwaysAffordableSteps``, by the crude bound (every run as long as the subject);
    /// nil for a malformed pattern or a plain `find`, which are priced call by call.
    static func alwaysAffordableLength(function: String, pattern: UnsafeRawBufferPointer, plain: Bool) -> Int? {
        guard !(function == "find" && (plain || !pattern.contains(where: specials.contains))),
              let shape = Shape(pattern, anchorable: function != "gmatch") else { return nil }
        func bound(_ length: Double) -> Double {
            let starts = shape.anchored ? 1 : (function == "find" || function == "match" ? 1 : 2) * (length + 1)
            let perPath = max(1, Double(shape.items) + Double(shape.scans) * (length + 1))
            return starts * pow(1 + length, Double(shape.quantified.count)) * pow(2, Double(shape.optionals)) * perPath
        }
        var (low, high) = (-1, 1 << 20)
        while high - low > 1 {
            let middle = (low + high) / 2
            if bound(Double(middle)) <= alwaysAffordableSteps { low = middle } else { high = middle }
        }
        return low >= 0 ? low : nil
    }

    /// E.g. "3.1e12".
    static func describe(_ steps: Double) -> String {
        guard steps.isFinite else { return "more than 1e308" }
        guard steps >= 1e6 else { return String(Int(steps)) }
        let exponent = log10(steps).rounded(.down)
        let mantissa = (steps / pow(10, exponent) * 10).rounded() / 10
        return "\(mantissa)e\(Int(exponent))"
    }

    private static let specials = Set("^$*+?.([%-".utf8)

    /// The items of a pattern that decide the matcher's work.
    private struct Shape {
        var anchored = false
        /// Pattern ranges of the classes followed by `*`, `+` or `-`.
        var quantified: [Range<Int>] = []
        var optionals = 0
        var items = 0
        /// `%b` and back-references, which may scan the rest of the subject.
        var scans = 0

        /// Parses as lstrlib's `match` does; nil for a malformed pattern.
        init?(_ p: UnsafeRawBufferPointer, anchorable: Bool) {
            var index = 0
            if anchorable, p.first == UInt8(ascii: "^") {
                anchored = true
                index = 1
            }
            while index < p.count {
                let next: UInt8? = index + 1 < p.count ? p[index + 1] : nil
                switch p[index] {
                case UInt8(ascii: "("):
                    index += next == UInt8(ascii: ")") ? 2 : 1
                case UInt8(ascii: ")"):
                    index += 1
                case UInt8(ascii: "$") where next == nil:
                    index += 1
                case UInt8(ascii: "%") where next == UInt8(ascii: "b"):
                    guard index + 3 < p.count else { return nil }
                    scans += 1
                    items += 1
                    index += 4
                case UInt8(ascii: "%") where next == UInt8(ascii: "f"):
                    guard index + 2 < p.count, p[index + 2] == UInt8(ascii: "["),
                          let end = PatternCost.classEnd(p, index + 2) else { return nil }
                    items += 1
                    index = end
                case UInt8(ascii: "%") where next.map({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) == true:
                    scans += 1
                    items += 1
                    index += 2
                default:
                    guard let end = PatternCost.classEnd(p, index) else { return nil }
                    items += 1
                    let quantifier: UInt8? = end < p.count ? p[end] : nil
                    switch quantifier {
                    case UInt8(ascii: "?"):
                        optionals += 1
                        index = end + 1
                    case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                        quantified.append(index..<end)
                        index = end + 1
                    default:
                        index = end
                    }
                }
            }
        }
    }

    /// The end of the single-character class starting at `index` (lstrlib's classEnd).
    private static func classEnd(_ p: UnsafeRawBufferPointer, _ index: Int) -> Int? {
        var i = index + 1
        switch p[index] {
        case UInt8(ascii: "%"):
            return i < p.count ? i + 1 : nil
        case UInt8(ascii: "["):
            if i < p.count, p[i] == UInt8(ascii: "^") { i += 1 }
            repeat {
                guard i < p.count else { return nil }
                let c = p[i]
                i += 1
                if c == UInt8(ascii: "%"), i < p.count { i += 1 }
            } while i >= p.count || p[i] != UInt8(ascii: "]")
            return i + 1
        default:
            return i
        }
    }

    /// The longest run of subject bytes matched by one class (lstrlib's singlematch);
    /// the scan stops as soon as a run is longer than `limit`.
    private static func longestRun(of spec: [UInt8], in subject: UnsafeRawBufferPointer, stoppingAbove limit: Double) -> Int {
        if spec == [UInt8(ascii: ".")] { return subject.count }
        let members = (0...255).map { matches(UInt8($0), spec) }
        let stop = limit < Double(subject.count) ? Int(max(limit, 0)) : subject.count
        var longest = 0
        var current = 0
        members.withUnsafeBufferPointer { members in
            for byte in subject {
                if members[Int(byte)] {
                    current += 1
                    if current > longest {
                        longest = current
                        if longest > stop { return }
                    }
                } else {
                    current = 0
                }
            }
        }
        return longest
    }

    private static func matches(_ c: UInt8, _ spec: [UInt8]) -> Bool {
        switch spec[0] {
        case UInt8(ascii: "."): return true
        case UInt8(ascii: "%"): return matchesClass(c, spec[1])
        case UInt8(ascii: "["): return matchesBracket(c, spec)
        default: return spec[0] == c
        }
    }

    /// lstrlib's match_class, with the C library's character classes (as Lua uses them).
    private static func matchesClass(_ c: UInt8, _ cl: UInt8) -> Bool {
        let char = Int32(c)
        let result: Bool
        switch UInt8(tolower(Int32(cl))) {
        case UInt8(ascii: "a"): result = isalpha(char) != 0
        case UInt8(ascii: "c"): result = iscntrl(char) != 0
        case UInt8(ascii: "d"): result = isdigit(char) != 0
        case UInt8(ascii: "g"): result = isgraph(char) != 0
        case UInt8(ascii: "l"): result = islower(char) != 0
        case UInt8(ascii: "p"): result = ispunct(char) != 0
        case UInt8(ascii: "s"): result = isspace(char) != 0
        case UInt8(ascii: "u"): result = isupper(char) != 0
        case UInt8(ascii: "w"): result = isalnum(char) != 0
        case UInt8(ascii: "x"): result = isxdigit(char) != 0
        default: return cl == c
        }
        return isupper(Int32(cl)) != 0 ? !result : result
    }

    /// lstrlib's matchbracketclass over `[...]`, whose last byte is the closing `]`.
    private static func matchesBracket(_ c: UInt8, _ spec: [UInt8]) -> Bool {
        let end = spec.count - 1
        var i = 0
        var found = true
        if spec[1] == UInt8(ascii: "^") {
            found = false
            i = 1
        }
        while true {
            i += 1
            guard i < end else { break }
            if spec[i] == UInt8(ascii: "%") {
                i += 1
                if matchesClass(c, spec[i]) { return found }
            } else if spec[i + 1] == UInt8(ascii: "-"), i + 2 < end {
                i += 2
                if spec[i - 2] <= c, c <= spec[i] { return found }
            } else if spec[i] == c {
                return found
            }
        }
        return !found
    }
}

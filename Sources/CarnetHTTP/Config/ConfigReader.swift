import CarnetCore
import CarnetStore
import Foundation
import TOMLKit

/// Reads `CarnetConfig` from a TOML table, key by key, with environment overrides.
struct ConfigReader {
    let table: TOMLTable
    let file: String
    let environment: [String: String]

    init(text: String, file: String, environment: [String: String]) throws(ConfigError) {
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, key: "line \(error.source.begin.line)", reason: error.description)
        } catch {
            throw ConfigError(file: file, key: "-", reason: "\(error)")
        }
        self.file = file
        self.environment = environment
    }

    /// Known keys per section; anything else in the file is reported as a typo.
    static let known: [String: Set<String>] = [
        "server": ["host", "port", "body_limit_bytes", "public_url"],
        "database": ["url", "pool_size"],
        "auth": ["token_cache_seconds", "login_max_attempts"],
        "locale": ["default"],
        "modules": ["enabled"],
        "pipeline": ["currency", "stages"],
        "mail": ["transport", "folder", "from", "message_id_domain", "smtp_host", "smtp_port", "smtp_security", "smtp_username",
                 "smtp_password", "smtp_allow_insecure_auth", "smtp_timeout_seconds", "smtp_ca_file", "smtp_verify_certificates"],
        "reports": ["committed_stages", "critical_contact_fields", "critical_company_fields", "critical_deal_fields"],
        "segments": ["campaign_rate_per_minute", "tracking"],
        "capture": ["rate_limit_per_minute", "trust_forwarded_for", "body_limit_bytes", "fallback_owner", "first_contact_hours"],
        "leadscoring": ["batch_size", "decay_every_hours", "backtest_months"],
        "nurturing": ["segment_scan_minutes", "segment_scan_batch", "time_zone"],
        "followups": ["time_zone", "next_action_stages", "rotting_days", "lead_response_hours", "lead_window_days", "lead_reassign_days", "digest_time"],
        "tickets": ["time_zone", "business_days", "business_hours", "holidays", "first_response_hours", "resolution_hours",
                    "breaching_soon_minutes", "scan_minutes", "inbound_max_bytes", "reply_to", "satisfaction_survey"],
        "jobs": ["poll_interval_ms", "batch_size", "lease_seconds", "max_attempts", "keep_done_days"],
        "webhooks": ["allowed_ports", "timeout_seconds", "max_attempts"],
        "plugins": ["directory", "enabled", "keep_runs_days", "max_cpu_ms", "max_wall_ms", "max_memory_mb", "max_host_calls", "settings"],
        "data_quality": ["phone_region", "merge_undo_days"],
    ]

    /// Short environment names for the most used keys.
    static let aliases = ["server.host": "CARNET_HOST", "server.port": "CARNET_PORT"]

    func read() throws(ConfigError) -> CarnetConfig {
        try checkKeys()
        var config = CarnetConfig()
        config.source = file
        config.host = try string("server.host") ?? config.host
        config.port = try int("server.port", in: 1...65535) ?? config.port
        config.bodyLimitBytes = try int("server.body_limit_bytes", in: 1024...(64 << 20)) ?? config.bodyLimitBytes
        config.publicURL = try string("server.public_url") ?? config.publicURL
        config.databaseURL = try string("database.url") ?? config.databaseURL
        config.poolSize = try int("database.pool_size", in: 1...200) ?? config.poolSize
        config.tokenCacheSeconds = try int("auth.token_cache_seconds", in: 0...3600) ?? config.tokenCacheSeconds
        config.loginMaxAttempts = try int("auth.login_max_attempts", in: 1...1000) ?? config.loginMaxAttempts
        config.defaultLocale = try string("locale.default") ?? config.defaultLocale
        guard ["en", "fr"].contains(config.defaultLocale) else { throw fail("locale.default", "must be en or fr") }
        config.enabledModules = try strings("modules.enabled") ?? []
        if let code = try string("pipeline.currency") {
            guard let currency = CurrencyCode(code) else { throw fail("pipeline.currency", "unknown ISO 4217 currency code \(code)") }
            config.currency = currency
        }
        if let stages = try stages() { config.pipeline = Pipeline(stages: stages) }
        let problems = config.pipeline.definitionErrors()
        if !problems.isEmpty { throw fail("pipeline.stages", problems.joined(separator: "; ")) }
        config.mail = try mail()
        config.followUps = try followUps(pipeline: config.pipeline)
        config.followUps.publicURL = config.publicURL
        config.tickets = try tickets()
        config.tickets.publicURL = config.publicURL
        config.tickets.language = Language(locale: config.defaultLocale)
        config.reports = try reports(pipeline: config.pipeline)
        config.segments = try segments()
        config.segments.publicURL = config.publicURL
        config.capture = try capture(publicURL: config.publicURL)
        config.leadScoring = try leadScoring()
        config.nurturing = try nurturing()
        if let interval = try int("jobs.poll_interval_ms", in: 10...60_000) { config.jobs.pollInterval = .milliseconds(interval) }
        config.jobs.batchSize = try int("jobs.batch_size", in: 1...1000) ?? config.jobs.batchSize
        config.jobs.leaseSeconds = try int("jobs.lease_seconds", in: 5...86_400) ?? config.jobs.leaseSeconds
        config.jobs.maxAttempts = try int("jobs.max_attempts", in: 1...100) ?? config.jobs.maxAttempts
        config.jobs.keepDoneDays = try int("jobs.keep_done_days", in: 1...3650) ?? config.jobs.keepDoneDays
        config.webhooks.allowedPorts = try ints("webhooks.allowed_ports", in: 1...65535) ?? config.webhooks.allowedPorts
        if config.webhooks.allowedPorts.isEmpty { throw fail("webhooks.allowed_ports", "must list at least one port") }
        config.webhooks.timeoutSeconds = try int("webhooks.timeout_seconds", in: 1...120) ?? config.webhooks.timeoutSeconds
        // A delivery runs under the job's lease: past half of it, the worker gives the rest of its batch back.
        if config.webhooks.timeoutSeconds * 4 > config.jobs.leaseSeconds {
            throw fail("webhooks.timeout_seconds", "must be at most a quarter of jobs.lease_seconds (\(config.jobs.leaseSeconds)); got \(config.webhooks.timeoutSeconds)")
        }
        config.webhooks.maxAttempts = try int("webhooks.max_attempts", in: 1...100) ?? config.webhooks.maxAttempts
        config.plugins = try plugins()
        config.dataQuality = try dataQuality()
        do {
            _ = try DatabaseURL(config.databaseURL)
        } catch {
            throw fail("database.url", error.description)
        }
        return config
    }

    private func checkKeys() throws(ConfigError) {
        for section in table.keys {
            guard let keys = Self.known[section] else {
                throw fail(section, "unknown section (known: \(Self.known.keys.sorted().joined(separator: ", ")))")
            }
            guard let values = table[section]?.table else { throw fail(section, "must be a table like [\(section)]") }
            for key in values.keys where !keys.contains(key) {
                throw fail("\(section).\(key)", "unknown key (known in [\(section)]: \(keys.sorted().joined(separator: ", ")))")
            }
        }
    }

    func fail(_ key: String, _ reason: String) -> ConfigError {
        ConfigError(file: file, key: key, reason: reason)
    }

    private func environmentName(_ key: String) -> String {
        Self.aliases[key] ?? "CARNET_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    func value(_ key: String) -> (any TOMLValueConvertible)? {
        let parts = key.split(separator: ".").map(String.init)
        return table[parts[0]]?.table?[parts[1]]
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        if let text = environment[environmentName(key)] { return text }
        guard let value = value(key) else { return nil }
        guard let text = value.string else { throw fail(key, "must be a string in quotes") }
        return text
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        var number: Int?
        if let text = environment[environmentName(key)] {
            guard let parsed = Int(text) else { throw fail(key, "must be a whole number (\(environmentName(key))=\(text))") }
            number = parsed
        } else if let value = value(key) {
            guard let parsed = value.int else { throw fail(key, "must be a whole number") }
            number = parsed
        }
        if let number, !range.contains(number) { throw fail(key, "must be from \(range.lowerBound) to \(range.upperBound) (got \(number))") }
        return number
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        if let text = environment[environmentName(key)] {
            guard let parsed = Bool(text.lowercased()) else { throw fail(key, "must be true or false") }
            return parsed
        }
        guard let value = value(key) else { return nil }
        guard let flag = value.bool else { throw fail(key, "must be true or false") }
        return flag
    }

    func strings(_ key: String) throws(ConfigError) -> [String]? {
        if let text = environment[environmentName(key)] {
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let value = value(key) else { return nil }
        guard let array = value.array else { throw fail(key, "must be a list like [\"a\", \"b\"]") }
        return try array.enumerated().map { index, item throws(ConfigError) in
            guard let text = item.string else { throw fail("\(key)[\(index)]", "must be a string") }
            return text
        }
    }

    /// A list of whole numbers, each in `range` (the environment gives them comma-separated).
    func ints(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> [Int]? {
        var numbers: [Int]
        if let text = environment[environmentName(key)] {
            numbers = []
            for part in text.split(separator: ",") {
                guard let number = Int(part.trimmingCharacters(in: .whitespaces)) else {
                    throw fail(key, "must be whole numbers separated by commas (\(environmentName(key))=\(text))")
                }
                numbers.append(number)
            }
        } else if let value = value(key) {
            guard let array = value.array else { throw fail(key, "must be a list like [80, 443]") }
            numbers = try array.enumerated().map { index, item throws(ConfigError) in
                guard let number = item.int else { throw fail("\(key)[\(index)]", "must be a whole number") }
                return number
            }
        } else {
            return nil
        }
        for number in numbers where !range.contains(number) {
            throw fail(key, "each must be from \(range.lowerBound) to \(range.upperBound) (got \(number))")
        }
        return numbers
    }

    private func stages() throws(ConfigError) -> [Stage]? {
        guard let value = table["pipeline"]?.table?["stages"] else { return nil }
        guard let array = value.array else { throw fail("pipeline.stages", "must be [[pipeline.stages]] blocks") }
        let allowed: Set<String> = ["key", "name", "name_fr", "probability", "required_fields", "required_activity", "outcome"]
        return try array.enumerated().map { index, item throws(ConfigError) in
            let at = "pipeline.stages[\(index)]"
            guard let stage = item.table else { throw fail(at, "must be a table") }
            for key in stage.keys where !allowed.contains(key) { throw fail("\(at).\(key)", "unknown key (known: \(allowed.sorted().joined(separator: ", ")))") }
            guard let key = stage["key"]?.string else { throw fail("\(at).key", "is required") }
            guard let name = stage["name"]?.string else { throw fail("\(at).name", "is required") }
            guard let probability = stage["probability"]?.int else { throw fail("\(at).probability", "is required, a whole number 0-100") }
            var required: [String] = []
            if let fields = stage["required_fields"] {
                guard let list = fields.array else { throw fail("\(at).required_fields", "must be a list of field names") }
                required = list.compactMap(\.string)
            }
            var activity: ActivityKind?
            if let kind = stage["required_activity"] {
                guard let text = kind.string, let parsed = ActivityKind(rawValue: text) else {
                    throw fail("\(at).required_activity", "must be note, call, meeting or email")
                }
                activity = parsed
            }
            var outcome = StageOutcome.open
            if let text = stage["outcome"] {
                guard let raw = text.string, let parsed = StageOutcome(rawValue: raw) else { throw fail("\(at).outcome", "must be open, won or lost") }
                outcome = parsed
            }
            return Stage(key: key, name: name, nameFR: stage["name_fr"]?.string, probability: probability,
                         requiredFields: required, requiredActivity: activity, outcome: outcome)
        }
    }
}

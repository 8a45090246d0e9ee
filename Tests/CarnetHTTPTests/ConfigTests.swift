import CarnetCore
import CarnetHTTP
import CarnetMail
import CarnetStore
import Foundation
import Testing

@Suite("Configuration")
struct ConfigTests {
    /// Writes a configuration file for one test and returns its path.
    func file(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-config-tests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(UUID().uuidString + ".toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func failure(_ text: String, environment: [String: String] = [:]) throws -> ConfigError {
        let path = try file(text)
        do {
            _ = try CarnetConfig.load(file: path, environment: environment)
        } catch {
            return error
        }
        Issue.record("expected the configuration to be refused")
        return ConfigError(file: "", key: "", reason: "")
    }

    @Test("the shipped config/carnet.toml loads and describes the default pipeline")
    func shippedFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try CarnetConfig.load(file: root.appendingPathComponent("config/carnet.toml").path, environment: [:])
        #expect(config.port == 8080)
        #expect(config.databaseURL == "sqlite://data/carnet.sqlite")
        #expect(config.pipeline == Pipeline.standard)
        #expect(config.currency == .eur)
        #expect(config.jobs == JobSettings())
        #expect(config.webhooks == WebhookSettings())
    }

    @Test("environment variables override the file, flags-style aliases included")
    func environmentOverrides() throws {
        let path = try file("[server]\nport = 9000\n[database]\nurl = \"sqlite://a.sqlite\"\n")
        let config = try CarnetConfig.load(file: path, environment: [
            "CARNET_PORT": "9100", "CARNET_DATABASE_URL": "postgres://carnet@db:5433/crm",
            "CARNET_AUTH_TOKEN_CACHE_SECONDS": "30", "CARNET_MODULES_ENABLED": "followups, reports",
        ])
        #expect(config.port == 9100)
        #expect(config.databaseURL == "postgres://carnet@db:5433/crm")
        #expect(config.tokenCacheSeconds == 30)
        #expect(config.enabledModules == ["followups", "reports"])
    }

    @Test("a missing default file gives the defaults; a missing named file is an error")
    func missingFiles() throws {
        let config = try CarnetConfig.load(file: nil, environment: ["CARNET_PORT": "8181"])
        #expect(config.port == 8181)
        #expect(throws: ConfigError.self) { try CarnetConfig.load(file: "/nonexistent/carnet.toml", environment: [:]) }
    }

    @Test("bad settings name the file, the key and the reason", arguments: [
        ("[server]\nport = 80800\n", "server.port", "1 to 65535"),
        ("[server]\nport = \"eighty\"\n", "server.port", "whole number"),
        ("[server]\nprot = 8080\n", "server.prot", "unknown key"),
        ("[serveur]\nport = 8080\n", "serveur", "unknown section"),
        ("[database]\nurl = \"mysql://x\"\n", "database.url", "sqlite:// or postgres://"),
        ("[locale]\ndefault = \"de\"\n", "locale.default", "en or fr"),
        ("[pipeline]\ncurrency = \"EURO\"\n", "pipeline.currency", "EURO"),
        ("[[pipeline.stages]]\nkey = \"lead\"\nname = \"Lead\"\nprobability = 150\n", "pipeline.stages", "0 to 100"),
        ("[[pipeline.stages]]\nkey = \"lead\"\nname = \"Lead\"\nprobability = 10\nrequired_fields = [\"budget\"]\n", "pipeline.stages", "unknown required field budget"),
        ("[[pipeline.stages]]\nkey = \"lead\"\nname = \"Lead\"\nprobability = 10\nrequired_activity = \"lunch\"\n", "pipeline.stages[0].required_activity", "note, call, meeting or email"),
        ("[server\nport = 1\n", "line 1", "expected ']'"),
        ("[jobs]\nbatch_size = 0\n", "jobs.batch_size", "from 1 to 1000"),
        ("[mail]\ntransport = \"pigeon\"\n", "mail.transport", "file or smtp"),
        ("[mail]\ntransport = \"smtp\"\n", "mail.smtp_host", "required when mail.transport is smtp"),
        ("[mail]\ntransport = \"smtp\"\nsmtp_host = \"mx\"\nsmtp_security = \"ssl\"\n", "mail.smtp_security", "none, starttls or tls"),
        ("[mail]\nfrom = \"Carnet <not an address>\"\n", "mail.from", "not an address"),
        ("[mail]\ntransport = \"smtp\"\nsmtp_host = \"mx\"\nsmtp_ca_file = \"/nonexistent/ca.pem\"\n", "mail.smtp_ca_file", "no such file"),
        ("[jobs]\npoll_interval = 5\n", "jobs.poll_interval", "unknown key"),
        ("[jobs]\nlease_seconds = \"5m\"\n", "jobs.lease_seconds", "whole number"),
        ("[followups]\ntime_zone = \"Europe/Parus\"\n", "followups.time_zone", "unknown time zone"),
        ("[followups]\nnext_action_stages = [\"closing\"]\n", "followups.next_action_stages", "no stage closing"),
        ("[followups]\nrotting_days = { proposal = 0 }\n", "followups.rotting_days.proposal", "from 1 to 3650"),
        ("[followups]\nrotting_days = { closing = 5 }\n", "followups.rotting_days.closing", "no such stage"),
        ("[followups]\nrotting_days = 7\n", "followups.rotting_days", "must be a table"),
        ("[followups]\nlead_response_hours = 0\n", "followups.lead_response_hours", "from 1 to 720"),
        ("[webhooks]\nallowed_ports = [443, 70000]\n", "webhooks.allowed_ports", "from 1 to 65535 (got 70000)"),
        ("[webhooks]\nallowed_ports = []\n", "webhooks.allowed_ports", "at least one port"),
        ("[webhooks]\nallowed_ports = 443\n", "webhooks.allowed_ports", "list like [80, 443]"),
        ("[webhooks]\nallowed_ports = [\"443\"]\n", "webhooks.allowed_ports[0]", "whole number"),
        ("[webhooks]\ntimeout_seconds = 0\n", "webhooks.timeout_seconds", "from 1 to 120"),
        ("[jobs]\nlease_seconds = 60\n[webhooks]\ntimeout_seconds = 30\n", "webhooks.timeout_seconds", "quarter of jobs.lease_seconds"),
        ("[webhooks]\nmax_attempts = 0\n", "webhooks.max_attempts", "from 1 to 100"),
        ("[webhooks]\nretries = 3\n", "webhooks.retries", "unknown key"),
    ])
    func badSettings(text: String, key: String, reason: String) throws {
        let error = try failure(text)
        #expect(error.key == key)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(error.description.hasSuffix(".toml: \(error.key): \(error.reason)"))
    }

    @Test("the [jobs] settings come from the file, then the environment")
    func jobSettings() throws {
        let path = try file("[jobs]\npoll_interval_ms = 250\nbatch_size = 50\nlease_seconds = 120\nmax_attempts = 8\n")
        let config = try CarnetConfig.load(file: path, environment: ["CARNET_JOBS_BATCH_SIZE": "20"])
        #expect(config.jobs.pollInterval == .milliseconds(250))
        #expect(config.jobs.batchSize == 20)
        #expect(config.jobs.leaseSeconds == 120)
        #expect(config.jobs.maxAttempts == 8)
    }

    @Test("the [webhooks] settings come from the file, then the environment")
    func webhookSettings() throws {
        #expect(CarnetConfig().webhooks == WebhookSettings())
        #expect(WebhookSettings().allowedPorts == [80, 443, 8080, 8443] && WebhookSettings().timeoutSeconds == 10 && WebhookSettings().maxAttempts == 8)
        let path = try file("[webhooks]\nallowed_ports = [443, 9443]\ntimeout_seconds = 5\nmax_attempts = 3\n")
        let config = try CarnetConfig.load(file: path, environment: ["CARNET_WEBHOOKS_MAX_ATTEMPTS": "4"])
        #expect(config.webhooks.allowedPorts == [443, 9443])
        #expect(config.webhooks.timeoutSeconds == 5)
        #expect(config.webhooks.maxAttempts == 4)
        let fromEnvironment = try CarnetConfig.load(file: path, environment: ["CARNET_WEBHOOKS_ALLOWED_PORTS": "8443, 443"])
        #expect(fromEnvironment.webhooks.allowedPorts == [8443, 443])
    }

    @Test("the [followups] settings come from the file")
    func followUpSettings() throws {
        let path = try file("[followups]\ntime_zone = \"America/Montreal\"\nnext_action_stages = [\"proposal\"]\nrotting_days = { lead = 3 }\nlead_response_hours = 4\n")
        let config = try CarnetConfig.load(file: path, environment: [:])
        #expect(config.followUps.timeZone.identifier == "America/Montreal")
        #expect(config.followUps.nextAction.stages == ["proposal"])
        #expect(config.followUps.rotting.days == ["lead": 3])
        #expect(config.followUps.leadResponseTime == 4 * 3600)
    }

    @Test("[mail] names an SMTP server with its security, login and timeouts; the password may come from the environment")
    func mailSettings() throws {
        let path = try file("[mail]\ntransport = \"smtp\"\nfrom = \"Ventes <ventes@example.fr>\"\nsmtp_host = \"mx.example.fr\"\nsmtp_security = \"tls\"\nsmtp_username = \"crm\"\nsmtp_timeout_seconds = 5\n")
        let config = try CarnetConfig.load(file: path, environment: ["CARNET_MAIL_SMTP_PASSWORD": "s3cret"])
        #expect(config.mail.from.address == "ventes@example.fr" && config.mail.from.name == "Ventes")
        guard case .smtp(let smtp) = config.mail.transport else {
            Issue.record("expected the smtp transport, got \(config.mail.transport)")
            return
        }
        #expect(smtp.host == "mx.example.fr" && smtp.port == 465 && smtp.security == .tls)
        #expect(smtp.credentials == SMTPCredentials(username: "crm", password: "s3cret"))
        #expect(smtp.commandTimeout == .seconds(5))
        #expect(CarnetConfig().mail.transport == .file(folder: "data/mail"))
    }

    @Test("a bad environment value is refused with the variable's name")
    func badEnvironment() throws {
        let error = try failure("", environment: ["CARNET_PORT": "x"])
        #expect(error.key == "server.port")
        #expect(error.reason.contains("CARNET_PORT=x"))
    }

    @Test("stages from the file replace the default pipeline, in order")
    func customStages() throws {
        let path = try file("""
            [[pipeline.stages]]
            key = "new"
            name = "New"
            probability = 5
            [[pipeline.stages]]
            key = "signed"
            name = "Signed"
            name_fr = "Signé"
            probability = 100
            required_fields = ["amount", "custom.po_number"]
            outcome = "won"
            """)
        let config = try CarnetConfig.load(file: path, environment: [:])
        #expect(config.pipeline.stages.map(\.key) == ["new", "signed"])
        #expect(config.pipeline.stage("signed")?.requiredFields == ["amount", "custom.po_number"])
        #expect(config.pipeline.stage("signed")?.outcome == .won)
        #expect(config.pipeline.stage("signed")?.nameFR == "Signé")
    }
}

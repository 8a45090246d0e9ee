import CarnetCore
import CarnetStore
import Foundation

/// The `plugin_states` table: which plugins are on, a reload asked for, and how the last
/// load went. Every instance reads it every couple of seconds, so a change made by the CLI
/// or the API on one instance reaches them all.
public enum PluginStates {
    /// One plugin's row.
    public struct Row: Sendable, Equatable {
        public var id: String
        public var enabled: Bool
        public var reloadRequestedAt: Date?
        public var loadedVersion: String?
        public var lastError: String?
    }

    public static func all(_ conn: any SQLConnection) throws -> [String: Row] {
        var rows: [String: Row] = [:]
        for row in try conn.query("SELECT * FROM plugin_states", []) {
            let id = row.string("id") ?? ""
            rows[id] = Row(id: id, enabled: (row.int64("enabled") ?? 0) != 0, reloadRequestedAt: row.date("reload_requested_at"),
                           loadedVersion: row.string("loaded_version"), lastError: row.string("last_error"))
        }
        return rows
    }

    /// Records the plugins of `[plugins] enabled` as on, the first time the table is empty.
    public static func seed(_ ids: [String], at now: Date, _ conn: any SQLConnection) throws {
        guard try conn.queryOne("SELECT id FROM plugin_states LIMIT 1", []) == nil else { return }
        for id in Set(ids).sorted() { try setEnabled(id, true, at: now, conn) }
    }

    public static func setEnabled(_ id: String, _ enabled: Bool, at now: Date, _ conn: any SQLConnection) throws {
        let changed = try conn.execute("UPDATE plugin_states SET enabled = ?, updated_at = ? WHERE id = ?", [.int(enabled ? 1 : 0), .date(now), .text(id)])
        if changed == 0 {
            try conn.execute("INSERT INTO plugin_states (id, enabled, updated_at) VALUES (?, ?, ?)", [.text(id), .int(enabled ? 1 : 0), .date(now)])
        }
    }

    /// Asks every instance to read the plugin's folder again.
    public static func requestReload(_ id: String, at now: Date, _ conn: any SQLConnection) throws {
        let changed = try conn.execute("UPDATE plugin_states SET reload_requested_at = ?, updated_at = ? WHERE id = ?", [.date(now), .date(now), .text(id)])
        if changed == 0 {
            try conn.execute("INSERT INTO plugin_states (id, enabled, reload_requested_at, updated_at) VALUES (?, 0, ?, ?)", [.text(id), .date(now), .date(now)])
        }
    }

    /// How the last load of the plugin went on this instance: the version running, or why it failed.
    public static func recordLoad(_ id: String, version: String?, error: String?, at now: Date, _ conn: any SQLConnection) throws {
        let changed = try conn.execute("UPDATE plugin_states SET loaded_version = ?, last_error = ?, updated_at = ? WHERE id = ?",
                                       [.string(version), .string(error), .date(now), .text(id)])
        if changed == 0 {
            try conn.execute("INSERT INTO plugin_states (id, enabled, loaded_version, last_error, updated_at) VALUES (?, 0, ?, ?, ?)",
                             [.text(id), .string(version), .string(error), .date(now)])
        }
    }
}

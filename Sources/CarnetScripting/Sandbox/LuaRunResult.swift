/// What a run returned, and what it used.
public struct LuaRunResult: Sendable, Hashable {
    public var values: [LuaValue]
    public var usage: ScriptUsage
}

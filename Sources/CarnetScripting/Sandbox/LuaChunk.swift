/// A compiled chunk of a plugin, loaded into one sandbox.
///
/// Each run executes the chunk again in a fresh `_ENV` (cheap: it only defines the
/// plugin's functions), so nothing a run stores in globals or top-level locals
/// survives into the next.
public struct LuaChunk: Sendable, Hashable {
    /// The chunk's name, as error locations show it, e.g. `main.lua`.
    public let name: String
    let reference: Int32
    let sandbox: ObjectIdentifier
}

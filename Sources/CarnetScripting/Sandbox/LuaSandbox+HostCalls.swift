import CLua
import CLuaShim
import CarnetCore

extension LuaSandbox {
    /// The Swift side of the trampoline: converts the arguments, checks the permission,
    /// calls the handler and pushes its results. Never throws and never lets Lua raise:
    /// on failure it pushes the message and returns -1, and the trampoline raises it
    /// from C.
    func hostCall(_ L: OpaquePointer, functionID: lua_Integer) -> Int32 {
        if let function = SandboxFunction(rawValue: functionID) {
            return sandboxCall(function, L)
        }
        let function = functions[Int(functionID)]
        if let permission = function.permission, !identity.permissions.contains(permission) {
            return raise(L, "\(function.path): plugin \(identity.pluginID) \(identity.version) lacks the permission \(permission); declare it in plugin.toml")
        }
        var arguments: [LuaValue] = []
        let count = lua_gettop(L)
        if count > 0 {
            for position in 1...count {
                do {
                    arguments.append(try LuaValue.read(L, at: position))
                } catch {
                    return raise(L, "\(function.path): \(error.described(as: "argument \(position)"))")
                }
            }
        }
        let results: [LuaValue]
        do {
            results = try function.handler(HostCall(path: function.path, arguments: arguments, identity: identity,
                                                    context: currentRun?.context))
        } catch let error as CarnetError {
            return raise(L, "\(function.path): \(error.detail)")
        } catch {
            return raise(L, "\(function.path): \(error)")
        }
        lua_settop(L, 0)
        guard lua_checkstack(L, Int32(clamping: results.count) + 1) != 0,
              results.allSatisfy({ $0.push(onto: L) })
        else {
            lua_settop(L, 0)
            return raise(L, "\(function.path): its results do not fit on the Lua stack")
        }
        return Int32(results.count)
    }

    private func sandboxCall(_ function: SandboxFunction, _ L: OpaquePointer) -> Int32 {
        switch function {
        case .now:
            lua_pushinteger(L, lua_Integer(runtime.clock.now.timeIntervalSince1970.rounded(.down)))
            return 1
        case .checkPattern:
            return checkPattern(L)
        case .eventField:
            guard lua_type(L, 2) == LUA_TSTRING, let key = try? LuaValue.text(L, at: 2),
                  let fields = currentRun?.context as? any LazyEventFields, fields.pushEventField(key, onto: L)
            else {
                lua_pushnil(L)
                return 1
            }
            lua_pushvalue(L, 2)
            lua_pushvalue(L, -2)
            lua_rawset(L, 1)
            return 1
        }
    }

    /// Arguments: function name, subject, pattern, init, plain. Returns the refusal, which
    /// the prelude raises at the caller's line; or, when the call may go ahead, nil and the
    /// longest subject on which this pattern is always affordable
    /// (``PatternCost/alwaysAffordableLength(function:pattern:plain:)``), which the prelude
    /// remembers so that it need not ask again for shorter subjects. Arguments of the wrong
    /// type pass: the string function then raises its usual error.
    private func checkPattern(_ L: OpaquePointer) -> Int32 {
        guard let state,
              let name = try? LuaValue.text(L, at: 1),
              let subject = bytes(L, at: 2), let pattern = bytes(L, at: 3)
        else { return 0 }
        var start = 0
        if lua_type(L, 4) > LUA_TNIL {
            var isInteger: Int32 = 0
            let initial = lua_tointegerx(L, 4, &isInteger)
            guard isInteger != 0 else { return 0 }
            start = PatternCost.startOffset(initial: Int64(initial), length: subject.count)
        }
        let call = PatternCost.Call(
            function: name, subject: UnsafeRawBufferPointer(rebasing: subject[min(start, subject.count)...]),
            pattern: pattern, plain: lua_toboolean(L, 5) != 0)
        let remaining = carnet_run_cpu_remaining_ns(state)
        let verdict = PatternCost.check(call, stepLimit: PatternCost.steps(inNanoseconds: remaining))
        guard case .tooExpensive(let steps) = verdict else {
            guard lua_type(L, 3) == LUA_TSTRING,
                  let length = PatternCost.alwaysAffordableLength(function: name, pattern: pattern, plain: call.plain) else { return 0 }
            lua_pushnil(L)
            lua_pushinteger(L, lua_Integer(length))
            return 2
        }
        LuaValue.push("string.\(name): this pattern could take up to \(PatternCost.describe(steps)) matching steps on a subject of \(subject.count) bytes, more than the run's remaining CPU time (\(remaining / 1_000_000) ms) allows; anchor it with ^, use narrower classes than . or a plain find", onto: L)
        return 1
    }

    /// The bytes of a string argument (numbers are converted, as Lua does); nil otherwise.
    private func bytes(_ L: OpaquePointer, at index: Int32) -> UnsafeRawBufferPointer? {
        guard lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    private func raise(_ L: OpaquePointer, _ message: String) -> Int32 {
        LuaValue.push(message, onto: L)
        return -1
    }
}

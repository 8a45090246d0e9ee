-- luacheck configuration for the Lua plugins: `luacheck plugins` (run by scripts/test.sh).
--
-- The globals are the plugin sandbox's, not the full Lua 5.4 library (plugins/README.md,
-- "The sandbox"): no io, package, debug, require, load, dofile, loadfile, collectgarbage,
-- print, warn or string.dump, and only os.clock, os.date and os.time. So a call that
-- would fail at run time is a warning here first.

local crm = {
  fields = {
    now = {}, time = {}, reject = {}, set = {},
    log = { fields = { info = {}, warn = {}, error = {} } },
    settings = { other_fields = true },
    contacts = { fields = { get = {}, find = {}, create = {}, update = {} } },
    companies = { fields = { get = {}, find = {}, create = {}, update = {} } },
    deals = { fields = { get = {}, find = {}, create = {}, update = {}, move = {} } },
    activities = { fields = { log = {}, find = {} } },
    tasks = { fields = { create = {}, find = {} } },
  },
}

stds.carnet = {
  read_globals = {
    "_VERSION", "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall",
    coroutine = { fields = { "close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield" } },
    math = {
      fields = {
        "abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max",
        "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random", "randomseed", "sin", "sqrt", "tan",
        "tointeger", "type", "ult",
      },
    },
    os = { fields = { "clock", "date", "time" } },
    string = {
      fields = {
        "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack", "packsize", "rep",
        "reverse", "sub", "unpack", "upper",
      },
    },
    table = { fields = { "concat", "insert", "move", "pack", "remove", "sort", "unpack" } },
    utf8 = { fields = { "char", "charpattern", "codepoint", "codes", "len", "offset" } },
    crm = crm,
  },
}

-- What `carnet plugins test` adds in tests/*.lua.
stds.carnet_tests = {
  read_globals = {
    "test",
    expect = { fields = { "eq", "truthy", "falsy", "contains", "error" } },
    fixtures = {
      fields = {
        "contact", "company", "deal", "activity", "task", "user", "update", "move", "get", "activities",
        "dispatch", "run_job", "run_action", "set_time",
      },
    },
  },
}

std = "carnet"

-- The LuaLS definitions describe the API; they are not plugin code.
exclude_files = { "plugins/carnet.d.lua" }

-- Hook, job and action functions are globals that Carnet calls by the names in
-- plugin.toml, so main.lua may define globals at its top level and leave them unused.
files["plugins/*/main.lua"] = { allow_defined_top = true, ignore = { "131" } }

files["plugins/*/tests"] = { std = "+carnet_tests" }

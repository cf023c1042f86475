/// \file
/// The C API of project8: a stable C99 interface for tools written in other
/// languages (C#, Java, Go, PHP, Python through ctypes or cffi), in the shared
/// library `libproject8-c` (pkg-config `project8-c`, CMake
/// `project8::project8_c`). docs/c-api.md is its guide.
///
/// **Conventions.**
/// - Every function that can fail returns a project8_status: PROJECT8_OK (0)
///   or the kind of error. The last error's message (UTF-8, located as in C++:
///   `file:line:column: field: message`) and its problems as JSON are kept per
///   thread (project8_last_error(), project8_last_error_json()) until the
///   thread's next call. No C++ exception crosses this interface. Messages
///   never contain a person's data.
/// - Objects are opaque handles, made by a `*_load`/`*_parse`/`*_open`
///   function and freed by its `*_free` function (null is accepted). Text and
///   bytes the library hands out (`char**` outputs) are freed with
///   project8_free(). On an error nothing is written to the outputs.
/// - Text in and out is UTF-8 (normalised to NFC inside); dates are ISO
///   `YYYY-MM-DD` strings and always given (nothing assumes today); money is
///   integer đồng.
/// - Tables go in and out through the Arrow C Stream Interface
///   (<project8/data/arrow_abi.h>): a stream given in is taken over (released
///   by the library, also on an error); a stream handed out belongs to the
///   caller, who calls its `release`.
/// - **Threads:** registry, plan and rule-set handles are not changed after
///   they are made, and may be used from several threads at once. A workspace
///   handle must be used by one thread at a time.
///
/// **Example** (evaluate the bundled rules on a population file):
///
///     project8_rules* rules = NULL;
///     struct ArrowArrayStream out;
///     if (project8_rules_load("safe-motherhood.yaml", &rules) != PROJECT8_OK ||
///         project8_rules_evaluate_file(rules, "population.csv", NULL, "2025-06-30", NULL,
///                                      &out, NULL) != PROJECT8_OK) {
///       fprintf(stderr, "%s\n", project8_last_error());
///     }
///     /* ... read `out` with any Arrow library, then out.release(&out) ... */
///     project8_rules_free(rules);
#ifndef PROJECT8_PROJECT8_H
#define PROJECT8_PROJECT8_H

#include <project8/data/arrow_abi.h>
#include <stddef.h>
#include <stdint.h>

/// The ABI version of this header: raised whenever a function's signature or
/// meaning changes incompatibly. Compare with project8_abi_version() at run time.
#define PROJECT8_ABI_VERSION 1

/// Marks a function of the C API as exported from the shared library.
#if defined(_WIN32)
#define PROJECT8_C_API __declspec(dllimport)
#else
#define PROJECT8_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// What a call came to: PROJECT8_OK, or the kind of error (the same kinds as
/// the C++ exceptions of <project8/core/error.hpp>).
typedef enum project8_status {
  PROJECT8_OK = 0,                ///< Success.
  PROJECT8_ERROR = 1,             ///< Another error of the library (e.g. a file not written).
  PROJECT8_INVALID_ARGUMENT = 2,  ///< An argument is missing or outside its domain.
  PROJECT8_PARSE_ERROR = 3,       ///< Input text could not be read; located by file, line, column.
  PROJECT8_VALIDATION_ERROR = 4,  ///< Input breaks a rule of the domain; located by field or row.
  PROJECT8_RULE_ERROR = 5,        ///< A rule set or expression is wrong; located.
  PROJECT8_NOT_FOUND = 6,         ///< A file, id, code or name was not found.
  PROJECT8_OVERFLOW = 7,          ///< Arithmetic left the range of its type (e.g. money).
  PROJECT8_OUT_OF_MEMORY = 8,     ///< Memory ran out.
  PROJECT8_INTERNAL_ERROR = 9     ///< A fault of the library itself (please report it).
} project8_status;

/// A unit registry: administrative units and their codes at dates.
typedef struct project8_registry project8_registry;
/// A plan: targets, activities and budget lines.
typedef struct project8_plan project8_plan;
/// A rule set: eligibility packages over persons (and households).
typedef struct project8_rules project8_rules;
/// An open workspace file (imports and reports).
typedef struct project8_workspace project8_workspace;

/// The library's version, e.g. "0.1.0" (static storage).
PROJECT8_C_API const char* project8_version(void);
/// The ABI version the library was built with (PROJECT8_ABI_VERSION of its header).
PROJECT8_C_API int project8_abi_version(void);
/// A status as a stable English key: "ok", "error", "invalid_argument",
/// "parse_error", "validation_error", "rule_error", "not_found", "overflow",
/// "out_of_memory", "internal_error"; "unknown" otherwise (static storage).
PROJECT8_C_API const char* project8_status_name(int status);

/// The status of this thread's last failed call, or PROJECT8_OK when its last
/// call succeeded.
PROJECT8_C_API project8_status project8_last_status(void);
/// The message of this thread's last failed call ("" after a success); valid
/// until this thread's next call into the library.
PROJECT8_C_API const char* project8_last_error(void);
/// This thread's last error as JSON: `{"status": key, "message": text,
/// "problems": [{"file", "sheet", "line", "column", "field", "row",
/// "message"}, ...]}`, absent parts null; `{"status": "ok"}` after a success.
/// Valid until this thread's next call into the library.
PROJECT8_C_API const char* project8_last_error_json(void);
/// Frees text or bytes the library handed out through a `char**` output.
PROJECT8_C_API void project8_free(void* p);

/// The folder of the bundled data (unit registries, plans, rules, calendars):
/// `$PROJECT8_DATA_DIR`, else found from where the library is installed.
/// `*out` is freed with project8_free().
PROJECT8_C_API project8_status project8_data_dir(char** out);

/// Loads a unit registry (YAML) from `path`.
PROJECT8_C_API project8_status project8_registry_load(const char* path, project8_registry** out);
/// Reads a unit registry from `size` bytes of YAML; `source_name` labels error locations.
PROJECT8_C_API project8_status project8_registry_parse(const char* yaml, size_t size,
                                                       const char* source_name,
                                                       project8_registry** out);
/// Frees a registry (null is accepted).
PROJECT8_C_API void project8_registry_free(project8_registry* registry);

/// Loads a plan (YAML) from `path`; it is validated as it is loaded.
PROJECT8_C_API project8_status project8_plan_load(const char* path, project8_plan** out);
/// Reads a plan from `size` bytes of YAML; `source_name` labels error locations.
PROJECT8_C_API project8_status project8_plan_parse(const char* yaml, size_t size,
                                                   const char* source_name, project8_plan** out);
/// The plan as JSON (`*out`, `*size` bytes, also NUL-terminated; freed with project8_free()).
PROJECT8_C_API project8_status project8_plan_to_json(const project8_plan* plan, char** out,
                                                     size_t* size);
/// Frees a plan (null is accepted).
PROJECT8_C_API void project8_plan_free(project8_plan* plan);

/// Loads a rule set (YAML, schema project8/rules/1 or /2) from `path`.
PROJECT8_C_API project8_status project8_rules_load(const char* path, project8_rules** out);
/// Reads a rule set from `size` bytes of YAML; `source_name` labels error locations.
PROJECT8_C_API project8_status project8_rules_parse(const char* yaml, size_t size,
                                                    const char* source_name, project8_rules** out);
/// A copy of `rules` whose `registry` tables read `registry` (for rules that
/// look up a commune's class on a date); the inputs are not changed.
PROJECT8_C_API project8_status project8_rules_with_registry(const project8_rules* rules,
                                                            const project8_registry* registry,
                                                            project8_rules** out);
/// Frees a rule set (null is accepted).
PROJECT8_C_API void project8_rules_free(project8_rules* rules);

/// Evaluates every package of `rules` on `as_of` for the population in the
/// file at `population_path` (CSV in any accepted encoding and delimiter, or
/// an Excel workbook), and for rules with households the households at
/// `households_path` (null otherwise). `options_json` (may be null) is a JSON
/// object with any of `"threads"` (0: all cores), `"id_column"` (default
/// `"id"`), `"encoding"`, `"delimiter"` and `"sheet"` (as on the command line).
/// The results come out as Arrow streams of one table each: the id column,
/// then `<package>_eligible` (bool), `<package>_amount` (int64, đồng) and
/// `<package>_reason` (dictionary of texts; "" when eligible) per package —
/// person packages in `*persons_out`, household packages in
/// `*households_out` (may be null when the rules have no households; given
/// then, it is set to a released stream: `release` null).
PROJECT8_C_API project8_status project8_rules_evaluate_file(
    const project8_rules* rules, const char* population_path, const char* households_path,
    const char* as_of, const char* options_json, struct ArrowArrayStream* persons_out,
    struct ArrowArrayStream* households_out);
/// As project8_rules_evaluate_file(), with the population (and households, or
/// null) given as Arrow streams of one table each, which are taken over. Their
/// columns are read as docs/design.md describes ("Arrow in and out");
/// `options_json` takes `"threads"` and `"id_column"`.
PROJECT8_C_API project8_status project8_rules_evaluate_arrow(
    const project8_rules* rules, struct ArrowArrayStream* population,
    struct ArrowArrayStream* households, const char* as_of, const char* options_json,
    struct ArrowArrayStream* persons_out, struct ArrowArrayStream* households_out);

/// The progress of `plan` on `as_of` from the achievement records in the file
/// at `records_path` (CSV or a workbook; codes resolved in `registry`), as the
/// JSON of `project8 progress --format json` (`*out`, `*size` bytes;
/// project8_free()).
PROJECT8_C_API project8_status project8_progress(const project8_plan* plan,
                                                 const project8_registry* registry,
                                                 const char* records_path, const char* as_of,
                                                 char** out, size_t* size);

/// Distributes a total across units exactly (largest remainder), as
/// `project8 budget allocate` does. `request_json` is a JSON object:
/// `"total"` (đồng, a number or text such as "500.000.000 đ"), `"units"` (the
/// path of a CSV or workbook with a unit column and attribute columns),
/// `"weight"` (a formula over the attributes), `"as_of"`, and optionally
/// `"round"`, `"floor"`, `"cap"`, `"reserve"` (an object of name: amount),
/// `"unit_column"` (default `"unit"`), `"columns"` (an object of name: type)
/// and `"lang"` (`"vi"` or `"en"`, for the explanations). The allocation comes
/// out as the JSON of `project8 budget allocate --format json`.
PROJECT8_C_API project8_status project8_allocate(const char* request_json, char** out,
                                                 size_t* size);

/// Creates a workspace file at `path` for the plan at `plan_path` (with the
/// bundled rules, units and calendar), and opens it.
PROJECT8_C_API project8_status project8_workspace_create(const char* path, const char* plan_path,
                                                         project8_workspace** out);
/// Opens an existing workspace file.
PROJECT8_C_API project8_status project8_workspace_open(const char* path, project8_workspace** out);
/// As project8_workspace_create(), with an options object (JSON, null for
/// none): `"rules"`, `"units"`, `"calendar"` (paths of the files to use
/// instead of the bundled ones), and `"key"` (a passphrase) or `"key_file"`
/// (its first line; a file readable by its owner only) to encrypt every page
/// of the file (SQLCipher). The key never appears in a message.
PROJECT8_C_API project8_status project8_workspace_create_with(const char* path,
                                                              const char* plan_path,
                                                              const char* options_json,
                                                              project8_workspace** out);
/// As project8_workspace_open(), with an options object (JSON, null for
/// none): `"key"` or `"key_file"` for an encrypted workspace, and
/// `"read_only": true` to change nothing (no import, no migration; a file the
/// caller may only read can be reported on).
PROJECT8_C_API project8_status project8_workspace_open_with(const char* path,
                                                            const char* options_json,
                                                            project8_workspace** out);
/// Imports the file at `path` (CSV or a workbook) as `kind` (`population`,
/// `records`, `payments`, `ledger`, ...: `project8 workspace import --help`),
/// all or nothing. `options_json` (may be null) takes `"encoding"`,
/// `"delimiter"`, `"sheet"`, `"lang"` (of the notes) and `"replace_smaller"`
/// (true: a population of fewer than half the persons of the last one may
/// replace it; refused otherwise). `*summary_json` (may be null) receives
/// `{"id", "rows", "already_imported", "notes": [text, ...]}` (project8_free()).
PROJECT8_C_API project8_status project8_workspace_import(project8_workspace* workspace,
                                                         const char* kind, const char* path,
                                                         const char* options_json,
                                                         char** summary_json);
/// Writes the workspace's report on `as_of` into the folder `out_dir`
/// (created if missing) as `format` — `md`, `json`, `xlsx` (one file
/// `bao-cao-<as_of or period>.<format>`) or `csv` (one file per table).
/// `options_json` (may be null) takes `"period"` (e.g. "2025-H1"),
/// `"lang"` (`"vi"` default, or `"en"`), `"suppress_below"` (default 5, at
/// least 3) and `"no_suppression"` (true: nothing hidden, an internal document
/// stamped "internal — not for publication").
PROJECT8_C_API project8_status project8_workspace_report(const project8_workspace* workspace,
                                                         const char* as_of, const char* format,
                                                         const char* options_json,
                                                         const char* out_dir);
/// As project8_workspace_report(), into memory: `md`, `json` or `xlsx` (the
/// workbook's bytes) in `*out`, `*size` bytes (project8_free()).
PROJECT8_C_API project8_status project8_workspace_report_buffer(const project8_workspace* workspace,
                                                                const char* as_of,
                                                                const char* format,
                                                                const char* options_json,
                                                                char** out, size_t* size);
/// Closes a workspace (null is accepted).
PROJECT8_C_API void project8_workspace_free(project8_workspace* workspace);

#ifdef __cplusplus
}
#endif

#endif /* PROJECT8_PROJECT8_H */

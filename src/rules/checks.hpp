// The static checks of a rule set (checks.cpp). Private to the library.
#pragma once

#include <vector>

#include "compiled.hpp"
#include <project8/core/error.hpp>

namespace project8::io {
class YamlReader;
}

namespace project8::rules::detail {

/// A parameter must have a value on every day a package that reads it is in force.
void check_parameter_coverage(const Compiled& c, std::vector<core::Problem>& errors);

/// A scale must have brackets in force on every day a package that reads it is in force.
void check_scale_coverage(const Compiled& c, std::vector<core::Problem>& errors);

/// A package whose conditions cannot all hold for any combination of the
/// enumeration and boolean inputs they read (other inputs may be anything).
void check_satisfiable(const Compiled& c, std::vector<core::Problem>& errors);

/// Marks the inputs packages read (Compiled::used_inputs) and warns of
/// inputs, parameters, scales, variables and tables that nothing reads.
void check_unused(Compiled& c, const io::YamlReader& r);

}  // namespace project8::rules::detail

// SPDX-License-Identifier: Apache-2.0
//
// The help text of options, written from their OptionSpec records (args.hpp): the usage line's
// synopsis and the table of descriptions with defaults. No option is described anywhere else.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "args.hpp"

namespace opswheel_cli {

/// "ARGS [--name VALUE] [-k N] [--tag T]... --reason TEXT", wrapped under "Usage: opswheel NAME".
std::string synopsis(std::string_view command, std::string_view positionals, std::span<const OptionSpec> options);

/// One line per option (two when its name is long): the option, its value, what it does and its
/// default.
void print_options(std::ostream& out, std::span<const OptionSpec> options);

}  // namespace opswheel_cli

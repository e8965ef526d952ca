// SPDX-License-Identifier: Apache-2.0
//
// `opswheel serve`: the store behind a small web application for the meeting (docs/serve.md).
// Built only with cpp-httplib (OPSWHEEL_WITH_SERVE); main.cpp registers it then.
#pragma once

#include <string>
#include <vector>

#include "../cli/args.hpp"
#include "../cli/session.hpp"

namespace opswheel_cli {

/// The serve command's options.
std::vector<OptionSpec> serve_options();
/// Its help beyond the usage line: the options, the tokens and the environment.
std::string serve_help();
int cmd_serve(Session& session, const Args& args);

}  // namespace opswheel_cli

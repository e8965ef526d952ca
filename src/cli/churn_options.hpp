// SPDX-License-Identifier: Apache-2.0
//
// The options of `opswheel simulate` that set a change model (include/opswheel/churn.hpp): what
// they are, their help text with the defaults, and their parsing.
#pragma once

#include <string>
#include <string_view>

#include <opswheel/churn.hpp>

#include "args.hpp"

namespace opswheel_cli {

/// The change-model options, as the command table declares them, with their help: the defaults
/// are read from opswheel::ChurnModel.
extern const OptionSpec churn_options[6];

/// What `opswheel simulate --help` says about the change model besides its options.
std::string churn_help();

/// The change model the options give (the defaults where none is given). Throws UsageError naming
/// the option and its value when a value is malformed or out of the range validate(ChurnModel)
/// allows.
opswheel::ChurnModel parse_churn(const Args& args);

/// One line describing a change model, for the table's heading ("" when it changes nothing).
std::string churn_summary(const opswheel::ChurnModel& churn);

}  // namespace opswheel_cli

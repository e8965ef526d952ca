// SPDX-License-Identifier: Apache-2.0
//
// The agenda as Markdown (CommonMark with GitHub tables), for a wiki page, a chat message or the
// meeting's shared document. Text people typed is escaped, so a title with '|' or '*' cannot break
// a table or turn bold, and line breaks inside a table cell become spaces.
#pragma once

#include <string>
#include <string_view>

#include "fwd.hpp"
#include "version.hpp"

OPSWHEEL_BEGIN_NAMESPACE

/// The agenda as a Markdown document: a timetable, the overflow if any, each review with its
/// dashboards and checklist, and the action items due and overdue.
OPSWHEEL_CXX_API std::string agenda_markdown(const Agenda& a, std::string_view title = "Operations review");

OPSWHEEL_END_NAMESPACE

#if defined(OPSWHEEL_HEADER_ONLY)
#  include "impl/markdown-inl.hpp"
#endif

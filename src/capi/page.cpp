// SPDX-License-Identifier: Apache-2.0
//
// The C API's wheel page: opswheel_wheel_page over opswheel::wheel_page and meeting_page.
#include <string>

#include <opswheel/opswheel.h>
#include <opswheel/page.hpp>

#include "boundary.hpp"
#include "handles.hpp"

namespace capi = opswheel::capi;

extern "C" {

opswheel_status opswheel_wheel_page(const opswheel_wheel* wheel, const opswheel_suggestion* suggestion, size_t meeting,
                                    const char* title, const char* date, double spin_seconds, char** html) {
  return capi::on_handle(wheel, __func__, [&](const opswheel_wheel& w) {
    capi::need(html, "html");
    if ((suggestion != nullptr) == (meeting != 0))
      throw opswheel::InvalidArgument("give either a suggestion (with meeting 0) or a meeting number (with a NULL suggestion)");
    opswheel::PageOptions options;
    options.title = std::string(capi::text_or_empty(title, "title"));
    options.date = capi::date_or_none(date);
    options.spin_seconds = spin_seconds;
    const std::string page = suggestion ? opswheel::wheel_page(w.wheel, suggestion->value, options)
                                        : opswheel::meeting_page(w.wheel, meeting, options);
    *html = capi::copy_string(page);
  });
}

}  // extern "C"

// SPDX-License-Identifier: Apache-2.0
// Compiles the iCalendar export (include/opswheel/impl/ical-inl.hpp) into the opswheel library.
#include <opswheel/impl/ical-inl.hpp>

// SPDX-License-Identifier: Apache-2.0
// Compiles detail::ZoneRules, the time-zone database reader (include/opswheel/impl/zoneinfo-inl.hpp).
#include <opswheel/impl/zoneinfo-inl.hpp>

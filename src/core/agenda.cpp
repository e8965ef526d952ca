// SPDX-License-Identifier: Apache-2.0
// Compiles the agenda and who presents (include/opswheel/impl/agenda-inl.hpp) into the opswheel library.
#include <opswheel/impl/agenda-inl.hpp>

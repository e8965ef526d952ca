// SPDX-License-Identifier: Apache-2.0
// Compiles the wheel page's renderer (include/opswheel/impl/page-inl.hpp) into the opswheel library.
#include <opswheel/impl/page-inl.hpp>

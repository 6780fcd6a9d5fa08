/* QuickJS's build configuration for flights, included (-include) before
   every source file. libunicode.h turns on CONFIG_ALL_UNICODE itself, so it
   is read here first and the switch undone: the engine leaves out the
   Unicode tables behind String.prototype.normalize and the property escapes
   of regular expressions (\p{...}), about 40 KB of every module. What a
   flight sees instead is in intrinsics.c and README.md ("What the engine
   leaves out"). */
#ifndef YF_ENGINE_CONFIG_H
#define YF_ENGINE_CONFIG_H
#include "cutils.h"
#include "libunicode.h"
#undef CONFIG_ALL_UNICODE
#endif

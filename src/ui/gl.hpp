#pragma once

// OpenGL 3.3 core for the ui layer. Mesa's (and glvnd's) libGL exports every core
// function, so prototypes are enough; no loader library is needed.
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>

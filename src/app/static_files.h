/*
 * static_files.h - serve the built web UI from a fixed root.
 * Paths are checked against the resolved root; a path without a file falls
 * back to index.html so that the single-page app handles its own routes.
 */
#ifndef LIANXIN_APP_STATIC_FILES_H
#define LIANXIN_APP_STATIC_FILES_H

#include "http/request.h"

/* Fill r with the file for r->path (or index.html); returns the status. */
int static_files_serve(struct req *r, const char *root);

#endif

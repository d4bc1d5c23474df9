// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kosipc/make_application.h - making the application object.
 *
 * MakeApplicationAutodetect and MakeApplication: an application that may
 * call servers and serve channels (on nkipc there is nothing to detect:
 * the program's channels come from nkinit / ServiceLocatorRegister).
 * MakeApplicationPureClient: calls only; MakeEventLoop throws rcUnimplemented.
 */
#ifndef KOSIPC_MAKE_APPLICATION_H
#define KOSIPC_MAKE_APPLICATION_H
#include <kosipc/application.h>

namespace kosipc {
Application MakeApplicationAutodetect(const ApplicationSettings &settings = ApplicationSettings());
Application MakeApplication(const ApplicationSettings &settings = ApplicationSettings());
Application MakeApplicationPureClient(const ApplicationSettings &settings = ApplicationSettings());
} // namespace kosipc
#endif

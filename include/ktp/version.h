/* SPDX-License-Identifier: GPL-2.0 */
/* ktp's version, shared by the module, its tools and its tests. */
#ifndef KTP_VERSION_H
#define KTP_VERSION_H

#define KTP_VERSION "0.1.0"

#endif /* KTP_VERSION_H */

// The version kmip-ts reports (kmip-server --version, the web console's server page); the same as
// package.json's, which a test checks.
export const KMIP_TS_VERSION = '0.1.0';

/**
 * Whether to ask requestPhoneCode for the code itself instead of an SMS. The server answers it only in
 * development and only to loopback callers (EXPOSE_CODES), so only a development build asks: the dev
 * server, or `vite build --mode development` for a local test. A production build never does.
 */
export const ASK_FOR_DEV_CODES = import.meta.env.MODE === 'development';

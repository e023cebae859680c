// @ts-check
/**
 * The boundary's errors. Every failure leaves the module as Error("[ovs:Code] detail"), Code one
 * of Unavailable, QuotaExceeded, Failed; both .NET boundaries (JSBrowserStorage over [JSImport],
 * JSRuntimeBrowserStorage over IJSRuntime) parse that prefix into a StorageException.
 */

/** @typedef {'Unavailable' | 'QuotaExceeded' | 'Failed'} ErrorCode */

/**
 * An error .NET maps to a StorageException.
 * @param {ErrorCode} code
 * @param {string} detail
 */
export function storageError(code, detail) {
  return new Error(`[ovs:${code}] ${detail}`);
}

/**
 * Maps a DOMException (or anything thrown) to a boundary error; a boundary error passes through.
 * @param {unknown} error
 * @param {'Unavailable' | 'Failed'} otherwise the code for errors that are neither quota nor security
 */
export function mapError(error, otherwise = 'Failed') {
  const e = /** @type {{name?: string, message?: string}} */ (error ?? {});
  if (typeof e.message === 'string' && e.message.startsWith('[ovs:')) return error;
  const code = e.name === 'QuotaExceededError' ? 'QuotaExceeded' : e.name === 'SecurityError' ? 'Unavailable' : otherwise;
  return storageError(code, `${e.name ?? 'Error'}: ${e.message ?? String(error)}`);
}

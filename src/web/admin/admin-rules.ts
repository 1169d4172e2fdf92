// The console's own checks before anything is sent (the server checks again): the same patterns as its schemas.
export const USERNAME = /^[A-Za-z0-9_.-]{2,32}$/;
export const EXTENSION = /^\d{3,6}$/;
export const DEPARTMENT_CODE = /^[a-z0-9-]{2,40}$/;
export const MIN_PASSWORD_LENGTH = 8;
/** A shown name: something besides spaces, no control characters, nothing that reads as an HTML tag. */
export const DISPLAY_NAME = /^(?!.*<[A-Za-z/!])(?=.*\S)[^\u0000-\u001f\u007f]+$/;
export const PAUSE_CODE = /^[a-z0-9-]{2,32}$/;
export const CATEGORY_PART = /^[a-z][a-z0-9-]{0,30}$/;
export const CATEGORY_CHILD_PART = /^[a-z0-9-]{1,30}$/;

/** Whether `pattern` compiles as a dial-out expression (anchored as the server anchors it). */
export function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

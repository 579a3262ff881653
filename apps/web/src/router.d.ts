// The app routes with <BrowserRouter>, where navigate() is synchronous; react-router's own type says
// `void | Promise<void>` to cover its data routers, and tells declarative apps to narrow it like this.
import type { NavigateOptions, To } from 'react-router';

declare module 'react-router' {
  interface NavigateFunction {
    (to: To, options?: NavigateOptions): void;
    (delta: number): void;
  }
}

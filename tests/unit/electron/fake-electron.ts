/**
 * A stand-in for the 'electron' module (the binary cannot run here). Each test file mocks
 * 'electron' with `fakeElectronModule()` and inspects the same objects through `fake`.
 */
import { EventEmitter } from 'node:events';
import { vi, type Mock } from 'vitest';

type Handler = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
  readonly webContents = new FakeWebContents();
  readonly loadFile = vi.fn(async (_path: string) => {});
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show: Mock<() => void> = vi.fn();
  readonly focus: Mock<() => void> = vi.fn();
  readonly restore: Mock<() => void> = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  destroyed = false;
  readonly isDestroyed = vi.fn(() => this.destroyed);
  /** As Electron: closing destroys the window and emits 'closed'. */
  readonly close: Mock<() => void> = vi.fn(() => {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  });
  constructor(options: FakeBrowserWindow['options']) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }
}

export class FakeSession {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermissionHandler = handler;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly setName: Mock<(name: string) => void> = vi.fn();
  readonly enableSandbox: Mock<() => void> = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly quit: Mock<() => void> = vi.fn();
  readonly exit: Mock<(code?: number) => void> = vi.fn();
  readonly whenReady = vi.fn(async () => {});
  readonly paths = new Map<string, string>([['userData', '/fake/userData/OneWindow']]);
  readonly getPath = vi.fn((name: string) => this.paths.get(name) ?? `/fake/${name}`);
  readonly setPath = vi.fn((name: string, path: string) => {
    this.paths.set(name, path);
  });
  readonly getVersion = vi.fn(() => '9.9.9');
}

/**
 * safeStorage as the OS keystore would behave: what it wraps only it can unwrap. The "wrapping"
 * is a reversible marker here; what the tests check is who calls it and with what.
 */
export class FakeSafeStorage {
  available = true;
  backend = 'gnome_libsecret';
  readonly isEncryptionAvailable = vi.fn(() => this.available);
  readonly getSelectedStorageBackend = vi.fn(() => this.backend);
  readonly encryptString = vi.fn((text: string) => Buffer.from(`keystore:${Buffer.from(text).toString('hex')}`));
  readonly decryptString = vi.fn((wrapped: Buffer) => {
    const text = wrapped.toString();
    if (!text.startsWith('keystore:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('keystore:'.length), 'hex').toString();
  });
}

function makeFake() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    app: new FakeApp(),
    ipcMain: {
      handlers,
      handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    dialog: {
      showMessageBox: vi.fn(async (_options: Record<string, unknown>) => ({ response: 1, checkboxChecked: false })),
      showErrorBox: vi.fn((_title: string, _content: string) => {}),
    },
    shell: { openExternal: vi.fn(async (_url: string) => {}) },
    session: { defaultSession: new FakeSession() },
    screen: {
      displays: [fakeDisplay(1, 0)],
      getAllDisplays: vi.fn((): FakeDisplay[] => fake.screen.displays),
      getPrimaryDisplay: vi.fn((): FakeDisplay => fake.screen.displays[0] ?? fakeDisplay(1, 0)),
    },
    safeStorage: new FakeSafeStorage(),
  };
}

export interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
}

/** A 1920×1080 display placed `x` pixels to the right (the first one is primary). */
export function fakeDisplay(id: number, x: number): FakeDisplay {
  return { id, bounds: { x, y: 0, width: 1920, height: 1080 }, workArea: { x, y: 0, width: 1920, height: 1040 } };
}

/** The live fakes; `resetFake()` replaces them between tests. */
export let fake = makeFake();

export function resetFake(): void {
  fake = makeFake();
  FakeBrowserWindow.instances = [];
}

/** The module the code under test imports as 'electron'; getters so a reset takes effect. */
export function fakeElectronModule() {
  return {
    get app() {
      return fake.app;
    },
    get ipcMain() {
      return fake.ipcMain;
    },
    get dialog() {
      return fake.dialog;
    },
    get shell() {
      return fake.shell;
    },
    get session() {
      return fake.session;
    },
    get screen() {
      return fake.screen;
    },
    get safeStorage() {
      return fake.safeStorage;
    },
    BrowserWindow: FakeBrowserWindow,
  };
}

/** An event with a spy-able preventDefault, as Electron passes to listeners. */
export function fakeEvent(fields: Record<string, unknown> = {}): { preventDefault: Mock<() => void>; [field: string]: unknown } {
  return { preventDefault: vi.fn(), ...fields };
}

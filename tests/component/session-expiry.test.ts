import { AppError } from '@domain/errors.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import { onSessionExpired, onSessionLocked, request, wasHandled } from '../../src-renderer/src/shared/api/request.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

const expired = () => new AppError('UNAUTHENTICATED', '登录已过期，请重新登录。');

describe('request(): the renderer side of the API boundary', () => {
  afterEach(() => {
    onSessionExpired(null);
    onSessionLocked(null);
    vi.mocked(call).mockReset();
  });

  it('passes the operation and its typed input to call() and returns the result', async () => {
    vi.mocked(call).mockResolvedValue({ rows: [], total: 0, page: 2, pageSize: 50 });
    await expect(request('cases/list', { page: 2, pageSize: 50 })).resolves.toEqual({ rows: [], total: 0, page: 2, pageSize: 50 });
    expect(call).toHaveBeenCalledWith('cases/list', { page: 2, pageSize: 50 });
  });

  it('reports UNAUTHENTICATED from any operation as an expired session, once handled', async () => {
    const handler = vi.fn(() => true);
    onSessionExpired(handler);
    const error = expired();
    vi.mocked(call).mockRejectedValue(error);
    await expect(request('cases/list', {})).rejects.toBe(error);
    expect(handler).toHaveBeenCalledWith(error);
    expect(wasHandled(error)).toBe(true);
  });

  it('does not treat a refused login (also UNAUTHENTICATED) as an expiry', async () => {
    const handler = vi.fn(() => true);
    onSessionExpired(handler);
    const refused = new AppError('UNAUTHENTICATED', '用户名或密码错误，请重新输入。', { field: 'password' });
    vi.mocked(call).mockRejectedValue(refused);
    await expect(request('session/login', { username: 'clerk', password: 'x' })).rejects.toBe(refused);
    expect(handler).not.toHaveBeenCalled();
    expect(wasHandled(refused)).toBe(false);
  });

  it('a wrong password at the lock screen or when changing it is not an expiry either', async () => {
    const handler = vi.fn(() => true);
    onSessionExpired(handler);
    const wrong = new AppError('UNAUTHENTICATED', '用户名或密码错误，请重新输入。', { field: 'password' });
    vi.mocked(call).mockRejectedValue(wrong);
    await expect(request('session/unlock', { password: 'x' })).rejects.toBe(wrong);
    const wrongCurrent = new AppError('UNAUTHENTICATED', '当前密码不正确。', { field: 'currentPassword' });
    vi.mocked(call).mockRejectedValue(wrongCurrent);
    await expect(request('session/changePassword', { currentPassword: 'x', newPassword: 'y' })).rejects.toBe(wrongCurrent);
    expect(handler).not.toHaveBeenCalled();
  });

  it('LOCKED from main shows the lock screen and is handled, so no view reports it again', async () => {
    const locked = vi.fn();
    onSessionLocked(locked);
    const error = new AppError('LOCKED', '已锁定：长时间未操作或已手动锁定。请输入密码解锁，未保存的内容仍在。');
    vi.mocked(call).mockRejectedValue(error);
    await expect(request('intake/saveDraft', {} as never)).rejects.toBe(error);
    expect(locked).toHaveBeenCalledOnce();
    expect(wasHandled(error)).toBe(true);
  });

  it('leaves other errors to the caller to show', async () => {
    const handler = vi.fn(() => true);
    onSessionExpired(handler);
    const forbidden = new AppError('FORBIDDEN', '无权执行');
    vi.mocked(call).mockRejectedValue(forbidden);
    await expect(request('users/list', {})).rejects.toBe(forbidden);
    expect(handler).not.toHaveBeenCalled();
    expect(wasHandled(forbidden)).toBe(false);
  });

  it('an expiry the handler declines (no one logged in) stays for the caller', async () => {
    onSessionExpired(() => false);
    const error = expired();
    vi.mocked(call).mockRejectedValue(error);
    await expect(request('system/status', {})).rejects.toBe(error);
    expect(wasHandled(error)).toBe(false);
  });
});

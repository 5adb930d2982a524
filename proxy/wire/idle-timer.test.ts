import { describe, expect, it } from 'vitest';
import { IDLE, IdleTimer } from './idle-timer.js';

const never = () => new Promise<never>(() => {});

describe('IdleTimer', { timeout: 5_000 }, () => {
  it('answers the read when it comes first, and IDLE when the silence lasts', async () => {
    const timer = new IdleTimer(30);
    try {
      expect(await timer.race(Promise.resolve('chunk'))).toBe('chunk');
      timer.restart();
      expect(await timer.race(never())).toBe(IDLE);
    } finally {
      timer.clear();
    }
  });

  it('answers IDLE at once when the timer fired since the last restart, and waits again after a restart', async () => {
    const timer = new IdleTimer(10);
    try {
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(await timer.race(Promise.resolve('late'))).toBe(IDLE);
      timer.restart();
      expect(await timer.race(Promise.resolve('chunk'))).toBe('chunk');
    } finally {
      timer.clear();
    }
  });

  it('passes a failed read on as it failed', async () => {
    const timer = new IdleTimer(1_000);
    const failure = new Error('terminated');
    try {
      await expect(timer.race(Promise.reject(failure))).rejects.toBe(failure);
    } finally {
      timer.clear();
    }
  });

  it('calls onIdle when the silence lasts, and says it expired until restarted', async () => {
    let idle = 0;
    const timer = new IdleTimer(10, () => idle++);
    try {
      expect(timer.expired).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect([idle, timer.expired]).toEqual([1, true]);
      timer.restart();
      expect(timer.expired).toBe(false);
    } finally {
      timer.clear();
    }
  });
});

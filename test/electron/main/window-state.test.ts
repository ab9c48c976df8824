import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { minimumWindowSize, restoreBounds, trackWindowBounds, type SavedWindow } from '../../../electron/main/window-state.js';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window size and position', () => {
  it('reopens where it was when that place is still on a display', () => {
    assert.deepEqual(restoreBounds({ x: 1600, y: 100, width: 1800, height: 1000 }, [laptop, external]), { x: 1600, y: 100, width: 1800, height: 1000 });
  });

  it('drops a position on a display that is gone, and shrinks to fit', () => {
    assert.deepEqual(restoreBounds({ x: 1600, y: 100, width: 1800, height: 1000 }, [laptop]), { width: 1440, height: 875 });
    assert.deepEqual(restoreBounds({ x: 10, y: -500, width: 1000, height: 700 }, [laptop]), { width: 1000, height: 700 });
  });

  it('never opens smaller than the minimum', () => {
    assert.deepEqual(restoreBounds({ width: 400, height: 300 }, [laptop]), minimumWindowSize);
  });

  it('saves the normal bounds after moving stops and when closing', async () => {
    const window = Object.assign(new EventEmitter(), {
      bounds: { x: 10.4, y: 20, width: 1000, height: 700 },
      destroyed: false,
      getNormalBounds() {
        return this.bounds;
      },
      isDestroyed() {
        return this.destroyed;
      },
    });
    const saved: SavedWindow[] = [];
    trackWindowBounds(window as never, (bounds) => saved.push(bounds), 20);
    window.emit('move');
    window.emit('resize');
    window.emit('move');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(saved, [{ x: 10, y: 20, width: 1000, height: 700 }], 'one save for a burst of moves');
    window.bounds = { x: 5, y: 5, width: 900, height: 600 };
    window.emit('resize');
    window.emit('close');
    assert.deepEqual(saved.at(-1), { x: 5, y: 5, width: 900, height: 600 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(saved.length, 2, 'closing cancels the pending save');
  });
});

// @ts-check
/**
 * The Three.js view of the particles: one `Points` cloud whose position attribute is a
 * Float32Array allocated once per particle count. Frames only copy into it (see particles.js),
 * so steady-state rendering allocates no buffers.
 */
import {
  AdditiveBlending, BufferAttribute, BufferGeometry, Color, DynamicDrawUsage,
  PerspectiveCamera, Points, PointsMaterial, Scene, WebGLRenderer,
} from 'three';

export class ParticleView {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {number} capacity particles
   */
  constructor(canvas, capacity) {
    this.canvas = canvas;
    /** @type {WebGLRenderer | null} */
    this.renderer = null;
    // No WebGL (a blocked GPU, some headless browsers): the simulation and its figures still run;
    // only the picture is missing, and the page says so instead of failing.
    if (webglAvailable()) {
      this.renderer = new WebGLRenderer({ canvas, antialias: false, powerPreference: 'high-performance' });
      this.renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio || 1, 2));
    }
    this.scene = new Scene();
    this.scene.background = new Color(0x0b1020);
    this.camera = new PerspectiveCamera(55, 1, 0.1, 100);
    this.camera.position.set(0, 0.6, 6.5);
    this.camera.lookAt(0, -0.3, 0);
    this.material = new PointsMaterial({
      size: 0.025, color: 0x7cc4ff, transparent: true, opacity: 0.85,
      blending: AdditiveBlending, depthWrite: false, sizeAttenuation: true,
    });
    this.geometry = new BufferGeometry();
    this.points = new Points(this.geometry, this.material);
    this.scene.add(this.points);
    this.positions = new Float32Array(0);
    this.bytes = new Uint8Array(0);
    /** Frames drawn: the tests' proof that a mode draws (render-only draws without any .NET step). */
    this.renders = 0;
    this.resize(capacity);
    this.fit();
  }

  /** True when the cloud is drawn (WebGL is available). */
  get drawing() { return this.renderer !== null; }

  /**
   * Reallocates the position buffer for `count` particles: only when the count changes.
   * @param {number} count
   */
  resize(count) {
    this.positions = new Float32Array(count * 3);
    // The byte view the .NET MemoryView copies into (a float view would convert byte by byte).
    this.bytes = new Uint8Array(this.positions.buffer);
    const attribute = new BufferAttribute(this.positions, 3);
    attribute.setUsage(DynamicDrawUsage);
    this.geometry.dispose(); // frees the old GPU buffer
    this.geometry.setAttribute('position', attribute);
    this.geometry.setDrawRange(0, count);
    this.count = count;
  }

  /** Marks the positions as changed after a copy into `bytes`. */
  touch() {
    /** @type {BufferAttribute} */ (this.geometry.getAttribute('position')).needsUpdate = true;
  }

  /** Matches the canvas's drawing buffer to its CSS size (cheap when unchanged). */
  fit() {
    const width = this.canvas.clientWidth || 1;
    const height = this.canvas.clientHeight || 1;
    if (this.renderer && (this.canvas.width !== Math.floor(width * this.renderer.getPixelRatio())
      || this.canvas.height !== Math.floor(height * this.renderer.getPixelRatio()))) {
      this.renderer.setSize(width, height, false);
      this.camera.aspect = width / height;
      this.camera.updateProjectionMatrix();
    }
  }

  /** @param {number} time ms, for a slow turn of the cloud */
  render(time) {
    if (!this.renderer) return;
    this.fit();
    this.points.rotation.y = time * 0.00008;
    this.renderer.render(this.scene, this.camera);
    this.renders++;
  }

  dispose() {
    this.geometry.dispose();
    this.material.dispose();
    this.renderer?.dispose();
    this.renderer = null;
  }
}

/** @returns {boolean} whether a WebGL 2 context can be created here */
function webglAvailable() {
  try {
    const probe = document.createElement('canvas');
    const gl = probe.getContext('webgl2');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
}

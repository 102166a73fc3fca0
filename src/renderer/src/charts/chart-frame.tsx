import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface ChartFrameProps {
  testId: string;
  title: string;
  height: number;
  /** Width used until (or unless) the container can be measured, e.g. in happy-dom. */
  fallbackWidth?: number;
  /** Extra content in the title row (legend, readout). */
  aside?: ReactNode;
  /** `data-*` attributes of the chart's box (for tests and styling). */
  attrs?: Record<`data-${string}`, string>;
  children: (width: number, height: number) => ReactNode;
}

/**
 * A titled chart box that measures its own width (ResizeObserver) and hands a
 * fixed width/height to the recharts chart. Replaces ResponsiveContainer, which
 * measures 0 without layout and would render nothing in tests.
 */
export function ChartFrame({
  testId,
  title,
  height,
  fallbackWidth = 640,
  aside,
  attrs,
  children,
}: ChartFrameProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      setWidth((prev) => (prev === w ? prev : w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const w = width > 0 ? width : fallbackWidth;
  return (
    <section className="panel chart" data-testid={testId} {...attrs}>
      <div className="panel-title">
        <h3>{title}</h3>
        {aside}
      </div>
      <div ref={ref} className="chart-body" style={{ height }}>
        {children(w, height)}
      </div>
    </section>
  );
}

// trace-compat.mjs - Lighthouse 12.2.3's Trace gatherer, with the frame events of newer Chromium read as before.
// Chromium (at least 156, Debian's) names the frame data of its PipelineReporter trace events
// `args.frame_reporter`; the trace engine inside Lighthouse 12.2.3 (@paulirish/trace_engine 0.0.32) reads
// `args.chrome_frame_reporter.frame_sequence`, throws, and with it fail the RootCauses and TraceElements
// gatherers, so the audits layout-shifts, largest-contentful-paint-element, render-blocking-resources,
// lcp-lazy-loaded, prioritize-lcp-image and non-composited-animations end in an error (and their weight,
// where they have one, is lost). This gatherer copies the data under the old name; nothing else changes.
import Trace from 'lighthouse/core/gather/gatherers/trace.js'
import defaultConfig from 'lighthouse/core/config/default-config.js'

export function renameFrameReporter(traceEvents) {
  let renamed = 0
  for (const e of traceEvents) {
    const args = e.args
    if (e.name === 'PipelineReporter' && args && args.frame_reporter && !args.chrome_frame_reporter) {
      args.chrome_frame_reporter = args.frame_reporter
      renamed++
    }
  }
  return renamed
}

export class TraceCompat extends Trace {
  async getArtifact(context) {
    const trace = await super.getArtifact(context)
    renameFrameReporter(trace.traceEvents)
    return trace
  }
}

// Lighthouse's default config (mobile form factor, simulated throttling) with this Trace gatherer (a gatherer
// cannot be swapped through `extends`: its merge refuses an object where the default has a name)
export const compatConfig = {
  ...defaultConfig,
  artifacts: defaultConfig.artifacts.map((a) => (a.id === 'Trace' ? { ...a, gatherer: { implementation: TraceCompat } } : a))
}

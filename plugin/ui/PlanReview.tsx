/**
 * Plan review: the cue sheet drawn on a mini timeline over the motion curve, and a table to toggle,
 * retime, re-class or re-gain each cue; "Render" sends the edited plan, "Regenerate" one cue.
 */
import { usePanelState, usePanelStore } from './usePanel';
import { Button, Checkbox, Heading } from './widgets';

const WIDTH = 300;
const HEIGHT = 60;

export function PlanReview() {
  const store = usePanelStore();
  const review = usePanelState().plan;
  if (!review) return null;
  const { plan, motion, notices } = review;
  const lengthSec = Math.max(0.001, plan.clip.outSec - plan.clip.inSec);
  const x = (sec: number) => (Math.max(0, Math.min(lengthSec, sec)) / lengthSec) * WIDTH;
  const peak = Math.max(1e-6, ...motion);
  const curve = motion.map((v, i) => `${((i / Math.max(1, motion.length - 1)) * WIDTH).toFixed(1)},${(HEIGHT - (v / peak) * (HEIGHT - 6)).toFixed(1)}`).join(' ');

  return (
    <section className="fb-plan" data-testid="plan-review">
      <Heading>Plan · {plan.cues.length} cues</Heading>
      {notices && notices.length > 0 ? (
        <ul className="fb-hint fb-warning" data-testid="plan-notices">
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <svg className="fb-minitimeline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} data-testid="mini-timeline">
        <rect x={0} y={0} width={WIDTH} height={HEIGHT} className="fb-mt-bg" />
        {motion.length > 1 ? <polyline points={curve} className="fb-mt-motion" fill="none" /> : null}
        {plan.cues.map((cue) => (
          <g key={cue.id} data-testid={`cue-mark-${cue.id}`} opacity={cue.enabled ? 1 : 0.3}>
            {cue.end !== undefined ? <rect x={x(cue.start)} y={HEIGHT - 10} width={Math.max(1, x(cue.end) - x(cue.start))} height={8} className="fb-mt-span" /> : null}
            <line x1={x(cue.start)} x2={x(cue.start)} y1={0} y2={HEIGHT} className="fb-mt-cue" />
          </g>
        ))}
      </svg>
      <table className="fb-cues">
        <thead>
          <tr>
            <th>On</th>
            <th>Time (s)</th>
            <th>Class</th>
            <th>Gain dB</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plan.cues.map((cue) => (
            <tr key={cue.id} data-testid={`cue-${cue.id}`}>
              <td>
                <Checkbox label={`Enable ${cue.id}`} checked={cue.enabled} onChange={(enabled) => store.updateCue(cue.id, { enabled })} testId={`cue-enabled-${cue.id}`} />
              </td>
              <td>
                <input
                  className="fb-num"
                  aria-label={`Time of ${cue.id}`}
                  type="number"
                  step="0.01"
                  min={0}
                  max={lengthSec}
                  defaultValue={cue.start.toFixed(3)}
                  onBlur={(e) => {
                    const start = Number(e.target.value);
                    if (Number.isFinite(start) && start >= 0 && start <= lengthSec) store.updateCue(cue.id, { start });
                    else e.target.value = cue.start.toFixed(3);
                  }}
                />
              </td>
              <td>
                <input
                  aria-label={`Class of ${cue.id}`}
                  defaultValue={cue.sound.class}
                  onBlur={(e) => {
                    const cls = e.target.value.trim();
                    if (cls && cls !== cue.sound.class) store.updateCue(cue.id, { sound: { ...cue.sound, class: cls } });
                  }}
                />
              </td>
              <td>
                <input
                  className="fb-num"
                  aria-label={`Gain of ${cue.id}`}
                  type="number"
                  step="0.5"
                  min={-60}
                  max={24}
                  defaultValue={String(cue.gainDb)}
                  onBlur={(e) => {
                    const gainDb = Number(e.target.value);
                    if (Number.isFinite(gainDb) && gainDb >= -60 && gainDb <= 24) store.updateCue(cue.id, { gainDb });
                    else e.target.value = String(cue.gainDb);
                  }}
                />
              </td>
              <td>
                <Button quiet onClick={() => void store.regenerateCue(cue.id)} testId={`cue-regenerate-${cue.id}`}>
                  Regenerate
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="fb-row">
        <Button variant="cta" onClick={() => void store.renderPlan()} testId="render-plan">
          Render plan
        </Button>
        <Button quiet onClick={() => store.closePlan()}>
          Close
        </Button>
      </div>
    </section>
  );
}

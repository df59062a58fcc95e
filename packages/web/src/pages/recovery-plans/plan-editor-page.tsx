import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import Textarea from "@cloudscape-design/components/textarea";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { describeError } from "../../api/api-error";
import { createPlan, getPlan, listGroups, updatePlan } from "../../api/resources";
import { useResource } from "../../api/use-resource";
import { ResourceFormPage } from "../../components/resource-form-page";
import { useFlash } from "../../layout/flash-context";
import { LoadError } from "../../layout/load-error";
import { DependencyGraph } from "./dependency-graph";
import { type PlanErrors, planErrorsFrom } from "./plan-errors";
import { emptyWave, fromWaves, moveWave, toWaves, type WaveDraft } from "./wave-draft";
import { WaveEditor } from "./wave-editor";

/** Create or edit a recovery plan: waves, their groups, dependencies, pauses and the RTO target. */
export function PlanEditorPage() {
  const { planId } = useParams();
  const navigate = useNavigate();
  const { notify } = useFlash();
  const existing = useResource(() => (planId ? getPlan(planId) : Promise.resolve(undefined)), [planId]);
  const groups = useResource(listGroups, []);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [rto, setRto] = useState("");
  const [waves, setWaves] = useState<WaveDraft[]>(() => [emptyWave(1)]);
  const [errors, setErrors] = useState<PlanErrors>({ waves: {} });
  const [saving, setSaving] = useState(false);

  // A refusal describes the input it was given: once the operator changes anything, its banner goes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs because these fields changed
  useEffect(() => {
    setErrors((e) => (e.form === undefined ? e : { ...e, form: undefined }));
  }, [name, description, rto, waves]);

  useEffect(() => {
    const p = existing.data;
    if (!p) return;
    setName(p.planName);
    setDescription(p.description ?? "");
    setRto(p.rtoTargetMinutes ? String(p.rtoTargetMinutes) : "");
    setWaves(fromWaves(p.waves));
  }, [existing.data]);

  const save = async () => {
    setSaving(true);
    setErrors({ waves: {} });
    const rtoNumber = rto.trim() ? Number(rto) : undefined;
    const body = {
      planName: name,
      ...(description ? { description } : {}),
      waves: toWaves(waves),
      ...(rtoNumber === undefined ? {} : { rtoTargetMinutes: rtoNumber }),
    };
    try {
      const saved = planId
        ? await updatePlan(planId, { ...body, version: existing.data?.version ?? 1 })
        : await createPlan(body);
      notify("success", `Saved recovery plan ${saved?.planName ?? name}.`);
      navigate("/recovery-plans");
    } catch (e) {
      setErrors(planErrorsFrom(e, describeError(e)));
    } finally {
      setSaving(false);
    }
  };

  if (planId && existing.loading) return <Spinner size="large" />;
  const title = planId ? "Edit recovery plan" : "Create recovery plan";
  const waveLabels = new Map(waves.map((w, i) => [i + 1, w.waveName || `Wave ${i + 1}`]));
  return (
    <ResourceFormPage
      list={["Recovery plans", "/recovery-plans"]}
      title={title}
      formError={errors.form}
      saving={saving}
      submitText={planId ? "Save changes" : "Create recovery plan"}
      onSubmit={() => void save()}
    >
      {existing.error ? <LoadError what="the recovery plan" error={existing.error} /> : null}
      {groups.error ? (
        <LoadError what="protection groups" error={groups.error} onRetry={groups.reload} />
      ) : null}
      <Container header={<Header variant="h2">Details</Header>}>
        <SpaceBetween size="m">
          <FormField label="Name" errorText={errors.planName}>
            <Input value={name} ariaLabel="Plan name" onChange={(e) => setName(e.detail.value)} />
          </FormField>
          <FormField label="Description - optional" errorText={errors.description}>
            <Textarea
              value={description}
              ariaLabel="Description"
              onChange={(e) => setDescription(e.detail.value)}
            />
          </FormField>
          <FormField
            label="RTO target (minutes) - optional"
            description="The report compares the measured recovery time with this target."
            errorText={errors.rtoTargetMinutes}
          >
            <Input
              value={rto}
              type="number"
              inputMode="numeric"
              ariaLabel="RTO target in minutes"
              onChange={(e) => setRto(e.detail.value)}
            />
          </FormField>
        </SpaceBetween>
      </Container>
      <Container
        header={
          <Header variant="h2" description="Arrows point from a wave to the waves that wait for it.">
            Dependency graph
          </Header>
        }
      >
        <DependencyGraph waves={toWaves(waves)} labels={waveLabels} />
      </Container>
      <SpaceBetween size="m">
        <Header
          variant="h2"
          counter={`(${waves.length})`}
          actions={
            <Button formAction="none" onClick={() => setWaves([...waves, emptyWave(waves.length + 1)])}>
              Add wave
            </Button>
          }
        >
          Waves
        </Header>
        {waves.map((w, i) => (
          <WaveEditor
            key={w.key}
            wave={w}
            index={i}
            all={waves}
            groups={groups.data ?? []}
            errors={errors.waves[i + 1] ?? {}}
            onChange={(next) => {
              setWaves(waves.map((x) => (x.key === w.key ? next : x)));
              // The operator is fixing this wave: its old API messages no longer apply.
              setErrors((e) => ({ ...e, waves: { ...e.waves, [i + 1]: {} } }));
            }}
            onMove={(to) => setWaves(moveWave(waves, i, to))}
            onRemove={() => setWaves(waves.filter((x) => x.key !== w.key))}
          />
        ))}
      </SpaceBetween>
    </ResourceFormPage>
  );
}

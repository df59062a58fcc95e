import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ProtectionGroup } from "@drso/core";
import type { WaveDraft } from "./wave-draft";

export interface WaveFieldErrors {
  waveName?: string;
  protectionGroupIds?: string;
  dependsOnWaves?: string;
  general?: string;
}

/** One wave's settings; position (and so wave number) is changed with the move buttons. */
export function WaveEditor({
  wave,
  index,
  all,
  groups,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  wave: WaveDraft;
  index: number;
  all: WaveDraft[];
  groups: ProtectionGroup[];
  errors: WaveFieldErrors;
  onChange: (w: WaveDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const groupOptions = groups.map((g) => ({
    value: g.groupId,
    label: g.groupName,
    description: `${g.serverCount} server(s), ${g.accountId} ${g.region}`,
  }));
  const otherWaves = all
    .map((w, i) => ({ value: w.key, label: `Wave ${i + 1}${w.waveName ? `: ${w.waveName}` : ""}` }))
    .filter((o) => o.value !== wave.key);
  const set = (patch: Partial<WaveDraft>) => onChange({ ...wave, ...patch });
  return (
    <Container
      data-testid={`wave-${n}`}
      header={
        <Header
          variant="h3"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                formAction="none"
                iconName="angle-up"
                ariaLabel={`Move wave ${n} up`}
                disabled={index === 0}
                onClick={() => onMove(index - 1)}
              />
              <Button
                formAction="none"
                iconName="angle-down"
                ariaLabel={`Move wave ${n} down`}
                disabled={index === all.length - 1}
                onClick={() => onMove(index + 1)}
              />
              <Button
                formAction="none"
                ariaLabel={`Remove wave ${n}`}
                disabled={all.length === 1}
                onClick={onRemove}
              >
                Remove
              </Button>
            </SpaceBetween>
          }
        >
          Wave {n}
        </Header>
      }
    >
      <SpaceBetween size="m">
        {errors.general && <FormField errorText={errors.general} />}
        <ColumnLayout columns={2}>
          <FormField label="Wave name" errorText={errors.waveName}>
            <Input
              value={wave.waveName}
              ariaLabel={`Wave ${n} name`}
              onChange={(e) => set({ waveName: e.detail.value })}
              // Enter after typing a wave name is not "save the plan" (the browser would submit the form).
              onKeyDown={(e) => {
                if (e.detail.key === "Enter") e.preventDefault();
              }}
            />
          </FormField>
          <FormField label="Protection groups" errorText={errors.protectionGroupIds}>
            <Multiselect
              ariaLabel={`Wave ${n} protection groups`}
              placeholder="Choose protection groups"
              selectedOptions={groupOptions.filter((o) => wave.protectionGroupIds.includes(o.value))}
              options={groupOptions}
              filteringType="auto"
              deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
              onChange={(e) =>
                set({ protectionGroupIds: e.detail.selectedOptions.map((o) => o.value ?? "") })
              }
            />
          </FormField>
          <FormField
            label="Depends on waves"
            description={wave.dependsOn === undefined ? "Default: after the previous wave." : undefined}
            errorText={errors.dependsOnWaves}
          >
            <SpaceBetween size="xs">
              <Multiselect
                ariaLabel={`Wave ${n} depends on waves`}
                placeholder={index === 0 ? "None" : "Previous wave"}
                selectedOptions={otherWaves.filter((o) => wave.dependsOn?.includes(o.value))}
                options={otherWaves}
                deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
                onChange={(e) => {
                  const keys = e.detail.selectedOptions.map((o) => o.value ?? "");
                  set({ dependsOn: keys.length ? keys : undefined });
                }}
              />
              {index > 0 && (
                <Checkbox
                  checked={wave.dependsOn?.length === 0}
                  onChange={(e) => set({ dependsOn: e.detail.checked ? [] : undefined })}
                >
                  Start at once (no dependencies)
                </Checkbox>
              )}
            </SpaceBetween>
          </FormField>
          <FormField label="On failure">
            <Select
              ariaLabel={`Wave ${n} on failure`}
              selectedOption={{
                value: wave.onFailure,
                label: wave.onFailure === "STOP" ? "Stop the execution" : "Continue with later waves",
              }}
              options={[
                { value: "STOP", label: "Stop the execution" },
                { value: "CONTINUE", label: "Continue with later waves" },
              ]}
              onChange={(e) =>
                set({ onFailure: e.detail.selectedOption.value === "CONTINUE" ? "CONTINUE" : "STOP" })
              }
            />
          </FormField>
        </ColumnLayout>
        <Checkbox checked={wave.pauseBeforeWave} onChange={(e) => set({ pauseBeforeWave: e.detail.checked })}>
          Pause before wave {n} (wait for an operator to resume)
        </Checkbox>
      </SpaceBetween>
    </Container>
  );
}

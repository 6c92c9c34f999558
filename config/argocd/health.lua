-- Argo CD health check for lbo's LoadBalancer (networking.lbo.dev/v1alpha1).
-- It reads the conditions lbo writes, with the rules of kstatus (which Flux
-- uses), so that both tools report the same health:
--   observedGeneration behind metadata.generation -> Progressing
--   Reconciling=True                              -> Progressing
--   Stalled=True                                  -> Degraded
--   Ready=True                                    -> Healthy
--   Ready=False or Unknown                        -> Progressing
-- One difference: a LoadBalancer lbo has not written any status for yet is
-- Progressing here, where kstatus calls it Current.
local hs = {}
if obj.status == nil or obj.status.observedGeneration == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for lbo to observe the LoadBalancer"
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for lbo to observe generation " .. obj.metadata.generation
  return hs
end
local conditions = {}
if obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    conditions[c.type] = c
  end
end
local reconciling = conditions["Reconciling"]
local stalled = conditions["Stalled"]
local ready = conditions["Ready"]
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = (ready ~= nil and ready.message) or reconciling.message
  return hs
end
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message
  return hs
end
if ready ~= nil then
  if ready.status == "True" then
    hs.status = "Healthy"
  else
    hs.status = "Progressing"
  end
  hs.message = ready.message
  return hs
end
hs.status = "Healthy"
hs.message = "LoadBalancer has no Ready condition"
return hs

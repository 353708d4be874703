"""Policy parameters (政策参数): the measures' time limits and thresholds, named, versioned and dated.

The measures are a draft (征求意见稿): their time limits will change. Each app declares the parameters it reads
through the chapter contract (`ChapterConfig.policy_parameters()` returning `parameters.ParameterSpec`); the
provincial authority adds versions (value, effective-from date, reason), never retroactively. Code asks
`parameters.value(name, at)` for the value in force at the moment a record's clock started, so a new version
never moves a deadline that is already running.
"""

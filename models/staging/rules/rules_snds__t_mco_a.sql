{{ detail_rejection_reason(
    details=ref('base_snds__t_mco_a'),
    parents=ref('rules_snds__t_mco_stays'),
    detail_key='stay_key',
    parent_key='stay_key',
    parent_condition='has_b_row',
) }}

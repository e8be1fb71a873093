{{ detail_rejection_reason(
    details=ref('base_snds__er_pha_f'),
    parents=ref('rules_snds__er_prs_f'),
    detail_key='row_key',
    parent_key='row_key',
) }}
